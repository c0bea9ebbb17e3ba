package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.KEY;
import static dev.crossfeed.openai.TestSupport.SENTINEL;
import static dev.crossfeed.openai.TestSupport.assertJson;
import static dev.crossfeed.openai.TestSupport.body;
import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.completion;
import static dev.crossfeed.openai.TestSupport.json;
import static dev.crossfeed.openai.TestSupport.sse;
import static dev.crossfeed.openai.TestSupport.sseBody;
import static dev.crossfeed.openai.TestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exact JSON bodies, URLs and headers sent, per host. */
@Timeout(30)
class RequestBodyTest {
  @StartStop MockWebServer server = new MockWebServer();

  private static final String OK = completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop", null);
  private static final ToolSpec WEATHER =
      ToolSpec.of("get_weather", "Current weather", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

  private RecordedRequest send(ChatModel model, ChatRequest request) {
    server.enqueue(json(200, OK));
    model.chat(request);
    return take(server);
  }

  @Test
  void sendsMinimalBodyWithBearerKeyToChatCompletions() {
    RecordedRequest r = send(TestSupport.openai(server), ChatRequest.of("Hi"));
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/chat/completions", r.getUrl().encodedPath());
    assertEquals("Bearer " + SENTINEL, r.getHeaders().get("Authorization"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    assertJson("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", body(r));
  }

  @Test
  void sendsEverySettingTheCallerSet() {
    ChatRequest request =
        ChatRequest.builder()
            .system("Be brief.")
            .user("Weather in Oslo?")
            .temperature(0.2)
            .topP(0.9)
            .maxOutputTokens(100)
            .stop(List.of("END", "STOP"))
            .tool(WEATHER)
            .toolChoice(ToolChoice.tool("get_weather"))
            .metadata("tenant", "acme")
            .build();
    assertJson(
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}],\"temperature\":0.2,\"top_p\":0.9,"
            + "\"max_completion_tokens\":100,\"stop\":[\"END\",\"STOP\"],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}],"
            + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}",
        body(send(TestSupport.openai(server), request)));
  }

  @Test
  void toolChoiceModesAndEmptyDescription() {
    ToolSpec bare = ToolSpec.of("ping", "", null);
    for (ToolChoice choice : List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED)) {
      JsonNode b = body(send(TestSupport.openai(server), ChatRequest.builder().user("x").tool(bare).toolChoice(choice).build()));
      assertEquals(choice.mode().name().toLowerCase(), b.get("tool_choice").asText());
      assertJson("[{\"type\":\"function\",\"function\":{\"name\":\"ping\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]", b.get("tools"));
    }
  }

  @Test
  void replaysAssistantToolCallsAndToolResults() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Weather?")
            .message(Message.assistant("", List.of(new ToolCall("call_7Qk2", "get_weather", "{\"city\":\"Oslo\"}"))))
            .message(Message.toolResult("call_7Qk2", "get_weather", "{\"temp_c\":4}"))
            .message(Message.assistant("It is 4 °C."))
            .build();
    assertJson(
        "[{\"role\":\"user\",\"content\":\"Weather?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_7Qk2\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_7Qk2\",\"content\":\"{\\\"temp_c\\\":4}\"},"
            + "{\"role\":\"assistant\",\"content\":\"It is 4 °C.\"}]",
        body(send(TestSupport.openai(server), request)).get("messages"));
  }

  @Test
  void mistralToolResultsCarryTheToolName() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Weather?")
            .message(Message.assistant("", List.of(new ToolCall("gSIMJiOkT", "get_weather", "{}"))))
            .message(Message.toolResult("gSIMJiOkT", "get_weather", "sunny"))
            .build();
    JsonNode tool = body(send(chat(server, OpenAiHost.MISTRAL).build(), request)).get("messages").get(2);
    assertJson("{\"role\":\"tool\",\"tool_call_id\":\"gSIMJiOkT\",\"name\":\"get_weather\",\"content\":\"sunny\"}", tool);
    JsonNode groqTool = body(send(chat(server, OpenAiHost.GROQ).build(), request)).get("messages").get(2);
    assertFalse(groqTool.has("name"), "Groq rejects messages[].name");
  }

  @Test
  void imagesGoAsUrlOrDataUrlParts() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    ChatRequest request =
        ChatRequest.builder()
            .user(ContentPart.text("What is this?"), ContentPart.imageUrl("https://example.com/cat.png"), ContentPart.imageBytes(png, "image/png"))
            .build();
    assertJson(
        "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw==\"}}]}]",
        body(send(TestSupport.openai(server), request)).get("messages"));
  }

  @Test
  void ollamaRejectsImageUrlsBeforeSendingButTakesInlineImages() {
    ChatModel ollama = chat(server, OpenAiHost.OLLAMA).build();
    ChatModelException e =
        assertThrows(
            ChatModelException.class,
            () -> ollama.chat(ChatRequest.builder().user(ContentPart.text("x"), ContentPart.imageUrl("https://example.com/a.png")).build()));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals("ollama", e.provider());
    assertTrue(e.getMessage().contains("images by URL"));
    assertEquals(0, server.getRequestCount());
    JsonNode b = body(send(ollama, ChatRequest.builder().user(ContentPart.imageBytes(new byte[] {1}, "image/jpeg")).build()));
    assertEquals("data:image/jpeg;base64,AQ==", b.at("/messages/0/content/0/image_url/url").asText());
  }

  @Test
  void responseFormats() {
    JsonNode object = body(send(TestSupport.openai(server), ChatRequest.builder().user("json please").responseFormat(ResponseFormat.JSON_OBJECT).build()));
    assertJson("{\"type\":\"json_object\"}", object.get("response_format"));
    String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"],\"additionalProperties\":false}";
    JsonNode strict = body(send(TestSupport.openai(server), ChatRequest.builder().user("x").responseFormat(ResponseFormat.jsonSchema("answer", schema)).build()));
    assertJson("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,\"schema\":" + schema + "}}", strict.get("response_format"));
    JsonNode text = body(send(TestSupport.openai(server), ChatRequest.of("x")));
    assertFalse(text.has("response_format"), "text format is the default and is omitted");
  }

  @Test
  void brokenToolSchemaFailsBeforeSending() {
    ChatModel m = TestSupport.openai(server);
    ChatRequest request = ChatRequest.builder().user("x").tool(ToolSpec.of("t", "", "{not json")).build();
    for (TestSupport.Path path : TestSupport.Path.values()) {
      ChatModelException e = TestSupport.fails(path, m, request);
      assertEquals(Failure.INVALID_REQUEST, e.failure());
      assertTrue(e.getMessage().contains("parameters of tool t"), e.getMessage());
      assertEquals("openai", e.provider());
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void developerRoleForOpenAiReasoningModelsOnly() {
    ChatRequest request = ChatRequest.builder().system("Rules").user("x").build();
    assertEquals("developer", roleOf(chat(server, OpenAiHost.OPENAI).model("o3-mini").build(), request));
    assertEquals("developer", roleOf(chat(server, OpenAiHost.OPENAI).model("gpt-5.1").build(), request));
    assertEquals("developer", roleOf(chat(server, OpenAiHost.OPENAI).build(), request.newBuilder().model("o1").build()));
    assertEquals("system", roleOf(chat(server, OpenAiHost.OPENAI).model("gpt-4o").build(), request));
    assertEquals("system", roleOf(chat(server, OpenAiHost.DEEPSEEK).model("o3").build(), request));
    assertEquals("system", roleOf(chat(server, OpenAiHost.OPENAI).model("o1-mini").developerRole(false).build(), request));
    assertEquals("developer", roleOf(chat(server, OpenAiHost.GROQ).developerRole(true).build(), request));
  }

  @Test
  void azureClassicApiVersionsBeforeTheDeveloperRoleGetSystem() {
    ChatRequest request = ChatRequest.builder().system("Rules").user("x").build();
    OpenAiChatModel.Builder classic = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString())
        .apiKey(KEY).model("o3-mini").azureDeployment("o3");
    assertEquals("system", roleOf(classic.azureApiVersion("2024-10-21").build(), request));
    assertEquals("system", roleOf(classic.azureApiVersion("2024-09-01-preview").build(), request));
    assertEquals("developer", roleOf(classic.azureApiVersion("2024-12-01-preview").build(), request));
    assertEquals("developer", roleOf(classic.azureApiVersion("2025-04-01-preview").build(), request));
    assertEquals("developer", roleOf(OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString())
        .apiKey(KEY).model("o3-mini").build(), request), "the v1 API takes it");
  }

  @Test
  void moreThanFourStopSequencesFailBeforeSendingToOpenAi() {
    ChatRequest five = ChatRequest.builder().user("x").stop(List.of("a", "b", "c", "d", "e")).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).chat(five));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("stop"), e.getMessage());
    assertEquals(0, server.getRequestCount(), "nothing was sent");
    assertEquals(5, body(send(chat(server, OpenAiHost.GROQ).build(), five)).get("stop").size(), "other hosts decide");
  }

  private String roleOf(ChatModel model, ChatRequest request) {
    return body(send(model, request)).at("/messages/0/role").asText();
  }

  @ParameterizedTest
  @EnumSource(OpenAiHost.class)
  void tokenLimitFieldAndStreamOptionsPerHost(OpenAiHost host) {
    OpenAiChatModel.Builder b = chat(server, host);
    if (host == OpenAiHost.AZURE) b.baseUrl(server.url("/").toString());
    ChatModel model = b.build();
    ChatRequest request = ChatRequest.builder().user("x").maxOutputTokens(64).build();
    JsonNode sync = body(send(model, request));
    boolean completionTokens = host == OpenAiHost.OPENAI || host == OpenAiHost.AZURE;
    assertEquals(64, sync.path(completionTokens ? "max_completion_tokens" : "max_tokens").asInt(), sync.toString());
    assertFalse(sync.has(completionTokens ? "max_tokens" : "max_completion_tokens"));
    assertFalse(sync.has("stream") || sync.has("stream_options"), "no stream fields on a plain call (vLLM 400s)");

    server.enqueue(sse(sseBody(TestSupport.chunk("{\"content\":\"ok\"}", "stop"))));
    model.stream(request).response();
    JsonNode streamed = body(take(server));
    assertTrue(streamed.path("stream").asBoolean());
    if (host == OpenAiHost.MISTRAL) assertFalse(streamed.has("stream_options"), "Mistral rejects stream_options with 422");
    else assertJson("{\"include_usage\":true}", streamed.get("stream_options"));
  }

  @Test
  void builderOverridesTokenFieldAndStreamUsage() {
    ChatModel model = chat(server, OpenAiHost.OPENAI).maxCompletionTokens(false).streamUsage(false).build();
    ChatRequest request = ChatRequest.builder().user("x").maxOutputTokens(5).build();
    server.enqueue(sse(sseBody(TestSupport.chunk("{\"content\":\"ok\"}", "stop"))));
    model.stream(request).response();
    JsonNode b = body(take(server));
    assertEquals(5, b.get("max_tokens").asInt());
    assertFalse(b.has("stream_options"));
  }

  @Test
  void extraFieldsAreMergedLastAndReplaceOurs() {
    ChatRequest request =
        ChatRequest.builder()
            .user("x")
            .temperature(0.5)
            .extraField("temperature", 0.1)
            .extraField("seed", 42)
            .extraField("reasoning_effort", "low")
            .extraField("metadata", Map.of("k", List.of(1, true)))
            .build();
    JsonNode b = body(send(TestSupport.openai(server), request));
    assertEquals(0.1, b.get("temperature").asDouble());
    assertEquals(42, b.get("seed").asInt());
    assertEquals("low", b.get("reasoning_effort").asText());
    assertJson("{\"k\":[1,true]}", b.get("metadata"));
    assertEquals(1, b.findValues("temperature").size(), "no duplicate field");
  }

  /** The one extraFields rule of every provider: an object merges into ours key by key, anything else replaces. */
  @Test
  void anExtraObjectMergesIntoOursKeyByKey() {
    String schema = "{\"type\":\"object\"}";
    ChatRequest request = ChatRequest.builder().user("x").responseFormat(ResponseFormat.jsonSchema("answer", schema))
        .extraField("response_format", Map.of("json_schema", Map.of("strict", false))).extraField("n", 2).build();
    JsonNode b = body(send(TestSupport.openai(server), request));
    assertJson("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":false,\"schema\":" + schema + "}}",
        b.get("response_format"));
    assertEquals(2, b.get("n").asInt());
  }

  @Test
  void requestModelOverridesTheConfiguredOne() {
    JsonNode b = body(send(TestSupport.openai(server), ChatRequest.builder().user("x").model("gpt-4.1").build()));
    assertEquals("gpt-4.1", b.get("model").asText());
  }

  @Test
  void azureV1UsesApiKeyHeaderAndOpenAiV1Path() {
    ChatModel azure = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("my-deployment").build();
    RecordedRequest r = send(azure, ChatRequest.builder().user("x").maxOutputTokens(9).build());
    assertEquals("/openai/v1/chat/completions", r.getUrl().encodedPath());
    assertNull(r.getUrl().queryParameter("api-version"));
    assertEquals(SENTINEL, r.getHeaders().get("api-key"));
    assertNull(r.getHeaders().get("Authorization"));
    assertEquals("my-deployment", body(r).get("model").asText());
    assertEquals(9, body(r).get("max_completion_tokens").asInt());
  }

  @Test
  void azureDeploymentUrlCarriesApiVersion() {
    ChatModel azure =
        OpenAiChatModel.builder(OpenAiHost.AZURE)
            .baseUrl(server.url("/").toString())
            .apiKey(KEY)
            .model("gpt-4o")
            .azureDeployment("prod-4o")
            .azureApiVersion("2024-06-01")
            .build();
    RecordedRequest r = send(azure, ChatRequest.builder().user("x").maxOutputTokens(9).build());
    assertEquals("/openai/deployments/prod-4o/chat/completions", r.getUrl().encodedPath());
    assertEquals("2024-06-01", r.getUrl().queryParameter("api-version"));
    assertEquals(9, body(r).get("max_tokens").asInt(), "classic deployments of non-reasoning models get max_tokens");
    server.enqueue(sse(sseBody(TestSupport.chunk("{\"content\":\"ok\"}", "stop"))));
    azure.stream(ChatRequest.of("x")).response();
    assertFalse(body(take(server)).has("stream_options"), "api-version 2024-06-01 predates stream_options");
  }

  @Test
  void azureAcceptsEndpointsThatAlreadyNameThePath() {
    ChatModel v1 = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/openai/v1/").toString()).apiKey(KEY).model("d").build();
    assertEquals("/openai/v1/chat/completions", send(v1, ChatRequest.of("x")).getUrl().encodedPath());
    ChatModel classic =
        OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/openai").toString()).apiKey(KEY).model("d")
            .azureDeployment("d").azureApiVersion("2024-10-21").build();
    RecordedRequest r = send(classic, ChatRequest.of("x"));
    assertEquals("/openai/deployments/d/chat/completions", r.getUrl().encodedPath());
    server.enqueue(sse(sseBody(TestSupport.chunk("{\"content\":\"ok\"}", "stop"))));
    classic.stream(ChatRequest.of("x")).response();
    assertTrue(body(take(server)).has("stream_options"), "2024-10-21 supports stream_options");
  }

  @Test
  void azureWithEntraTokenHeaderNeedsNoKey() {
    ChatModel azure =
        OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).model("d").header("Authorization", "Bearer entra-token").build();
    RecordedRequest r = send(azure, ChatRequest.of("x"));
    assertEquals("Bearer entra-token", r.getHeaders().get("Authorization"));
    assertNull(r.getHeaders().get("api-key"));
  }

  @Test
  void localHostsSendNoAuthorizationWithoutKey() {
    for (OpenAiHost host : List.of(OpenAiHost.VLLM, OpenAiHost.LM_STUDIO, OpenAiHost.OLLAMA, OpenAiHost.COMPATIBLE)) {
      ChatModel m = OpenAiChatModel.builder(host).baseUrl(server.url("/v1").toString()).model("local").build();
      RecordedRequest r = send(m, ChatRequest.of("x"));
      assertNull(r.getHeaders().get("Authorization"), host.name());
      assertEquals("/v1/chat/completions", r.getUrl().encodedPath());
    }
  }

  @Test
  void customHeadersAreSentAndStreamsAcceptEventStream() {
    ChatModel m = chat(server, OpenAiHost.OPENROUTER).header("HTTP-Referer", "https://example.com").header("X-Title", "demo").build();
    RecordedRequest r = send(m, ChatRequest.of("x"));
    assertEquals("https://example.com", r.getHeaders().get("HTTP-Referer"));
    assertEquals("demo", r.getHeaders().get("X-Title"));
    server.enqueue(sse(sseBody(TestSupport.chunk("{\"content\":\"ok\"}", "stop"))));
    m.stream(ChatRequest.of("x")).response();
    assertEquals("text/event-stream", take(server).getHeaders().get("Accept"));
  }

  @Test
  void deepSeekHasNoVersionSegmentByDefault() {
    assertEquals("https://api.deepseek.com", OpenAiHost.DEEPSEEK.defaultBaseUrl().orElseThrow());
    assertEquals("https://api.groq.com/openai/v1", OpenAiHost.GROQ.defaultBaseUrl().orElseThrow());
  }
}
