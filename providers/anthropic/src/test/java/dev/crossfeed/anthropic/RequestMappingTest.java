package dev.crossfeed.anthropic;

import static dev.crossfeed.anthropic.Wire.assertJson;
import static dev.crossfeed.anthropic.Wire.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exact request JSON and headers sent for each request shape. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestMappingTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final ToolSpec WEATHER =
      ToolSpec.of(
          "get_weather",
          "Current weather for a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

  private JsonNode send(AnthropicChatModel model, ChatRequest request, Wire.Path path) throws InterruptedException {
    server.enqueue(path == Wire.Path.STREAM ? Wire.textStream("ok") : Wire.json(200, Wire.textMessage("ok")));
    Wire.call(model, request, path);
    RecordedRequest r = server.takeRequest();
    assertEquals("POST", r.getMethod());
    assertEquals("/v1/messages", r.getUrl().encodedPath());
    return body(r);
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void richRequestIsSentExactly(Wire.Path path) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    ChatRequest request =
        ChatRequest.builder()
            .system("You are terse.")
            .user(ContentPart.text("What is in these pictures?"), ContentPart.imageBytes(png, "image/png"),
                ContentPart.imageUrl("https://example.com/cat.jpg"))
            .message(Message.assistant("Let me check.", List.of(
                new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Oslo\"}"),
                new ToolCall("toolu_01B", "get_weather", "{\"city\":\"Bergen\"}"))))
            .message(Message.toolResult("toolu_01A", "get_weather", "4°C"))
            .message(Message.toolResult("toolu_01B", "get_weather", "7°C"))
            .user("And tomorrow?")
            .tool(WEATHER)
            .toolChoice(ToolChoice.AUTO)
            .maxOutputTokens(512)
            .temperature(0.2)
            .topP(0.9)
            .stop(List.of("END"))
            .metadata("tenant", "never-sent")
            .build();
    JsonNode sent = send(Wire.model(server), request, path);
    String stream = path == Wire.Path.STREAM ? "\"stream\":true," : "";
    assertJson(
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":512,\"system\":\"You are terse.\","
            + "\"messages\":["
            + "{\"role\":\"user\",\"content\":["
            + "  {\"type\":\"text\",\"text\":\"What is in these pictures?\"},"
            + "  {\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw==\"}},"
            + "  {\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}}]},"
            + "{\"role\":\"assistant\",\"content\":["
            + "  {\"type\":\"text\",\"text\":\"Let me check.\"},"
            + "  {\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}},"
            + "  {\"type\":\"tool_use\",\"id\":\"toolu_01B\",\"name\":\"get_weather\",\"input\":{\"city\":\"Bergen\"}}]},"
            + "{\"role\":\"user\",\"content\":["
            + "  {\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01A\",\"content\":\"4°C\"},"
            + "  {\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01B\",\"content\":\"7°C\"},"
            + "  {\"type\":\"text\",\"text\":\"And tomorrow?\"}]}],"
            + "\"temperature\":0.2,\"top_p\":0.9,\"stop_sequences\":[\"END\"]," + stream
            + "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Current weather for a city\","
            + "  \"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}],"
            + "\"tool_choice\":{\"type\":\"auto\"}}",
        sent);
  }

  @Test
  void headersCarryKeyVersionAndCustomHeaders() throws Exception {
    AnthropicChatModel model = Wire.builder(server).header("anthropic-beta", "a,b").build();
    server.enqueue(Wire.json(200, Wire.textMessage("ok")));
    model.chat("hi");
    RecordedRequest r = server.takeRequest();
    assertEquals(Wire.KEY, r.getHeaders().get("x-api-key"));
    assertEquals("2023-06-01", r.getHeaders().get("anthropic-version"));
    assertEquals("a,b", r.getHeaders().get("anthropic-beta"));
    assertTrue(r.getHeaders().get("content-type").startsWith("application/json"));
    assertNull(r.getHeaders().get("authorization"));
  }

  @Test
  void baseUrlWithOrWithoutV1AndAPathPrefixReachesMessages() throws Exception {
    for (String base : new String[] {"/", "/v1", "/v1/", "/proxy/anthropic", "/proxy/anthropic/v1"}) {
      AnthropicChatModel model = Wire.builder(server).baseUrl(server.url(base).toString()).build();
      server.enqueue(Wire.json(200, Wire.textMessage("ok")));
      model.chat("hi");
      String expected = (base.startsWith("/proxy") ? "/proxy/anthropic" : "") + "/v1/messages";
      assertEquals(expected, server.takeRequest().getUrl().encodedPath(), base);
    }
  }

  @Test
  void versionHeaderCanBeReplaced() throws Exception {
    AnthropicChatModel model = Wire.builder(server).header("Anthropic-Version", "2099-01-01").build();
    server.enqueue(Wire.json(200, Wire.textMessage("ok")));
    model.chat("hi");
    assertEquals(List.of("2099-01-01"), server.takeRequest().getHeaders().values("anthropic-version"));
  }

  @Test
  void plainUserMessageIsAStringAndDefaultMaxTokensIsSent() throws Exception {
    JsonNode sent = send(Wire.model(server), ChatRequest.of("Hello"), Wire.Path.SYNC);
    assertJson("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", sent);
  }

  @Test
  void defaultMaxTokensIsCappedByTheModelsOutputLimit() throws Exception {
    AnthropicChatModel small =
        Wire.builder(server).modelInfo(ModelInfo.builder("anthropic", "claude-sonnet-4-5").maxOutputTokens(1000).build()).build();
    assertEquals(1000, send(small, ChatRequest.of("x"), Wire.Path.SYNC).get("max_tokens").asInt());
    AnthropicChatModel custom = Wire.builder(server).defaultMaxTokens(300).build();
    assertEquals(300, send(custom, ChatRequest.of("x"), Wire.Path.SYNC).get("max_tokens").asInt());
    ChatRequest capped = ChatRequest.builder().user("x").maxOutputTokens(77).build();
    assertEquals(77, send(custom, capped, Wire.Path.SYNC).get("max_tokens").asInt());
  }

  @Test
  void thinkingBudgetIsSentAndAddedToMaxTokens() throws Exception {
    AnthropicChatModel model = Wire.builder(server).thinkingBudgetTokens(2048).build();
    JsonNode sent = send(model, ChatRequest.of("x"), Wire.Path.SYNC);
    assertJson("{\"type\":\"enabled\",\"budget_tokens\":2048}", sent.get("thinking"));
    assertEquals(4096 + 2048, sent.get("max_tokens").asInt());
  }

  @Test
  void severalSystemMessagesBecomeTextBlocks() throws Exception {
    ChatRequest r = ChatRequest.builder().system("One.").user("Hi").system("Two.").build();
    assertJson("[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\"}]",
        send(Wire.model(server), r, Wire.Path.SYNC).get("system"));
  }

  @Test
  void toolChoicesMapToAnthropicTypes() throws Exception {
    AnthropicChatModel model = Wire.model(server);
    Map<ToolChoice, String> expected =
        Map.of(
            ToolChoice.AUTO, "{\"type\":\"auto\"}",
            ToolChoice.REQUIRED, "{\"type\":\"any\"}",
            ToolChoice.NONE, "{\"type\":\"none\"}",
            ToolChoice.tool("get_weather"), "{\"type\":\"tool\",\"name\":\"get_weather\"}");
    for (Map.Entry<ToolChoice, String> e : expected.entrySet()) {
      ChatRequest r = ChatRequest.builder().user("x").tool(WEATHER).toolChoice(e.getKey()).build();
      assertJson(e.getValue(), send(model, r, Wire.Path.SYNC).get("tool_choice"));
    }
    ChatRequest noChoice = ChatRequest.builder().user("x").tool(WEATHER).build();
    assertFalse(send(model, noChoice, Wire.Path.SYNC).has("tool_choice"));
    ChatRequest noTools = ChatRequest.builder().user("x").toolChoice(ToolChoice.NONE).build();
    JsonNode sent = send(model, noTools, Wire.Path.SYNC);
    assertFalse(sent.has("tool_choice") || sent.has("tools"));
  }

  @Test
  void jsonSchemaUsesOutputConfigFormat() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],\"additionalProperties\":false}";
    ChatRequest r = ChatRequest.builder().user("x").responseFormat(ResponseFormat.jsonSchema("thing", schema)).build();
    JsonNode sent = send(Wire.model(server), r, Wire.Path.SYNC);
    assertJson("{\"format\":{\"type\":\"json_schema\",\"schema\":" + schema + "}}", sent.get("output_config"));
    assertFalse(sent.has("system"));
  }

  @Test
  void jsonSchemaFallsBackToAForcedToolWithoutNativeSupport() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
    AnthropicChatModel old = Wire.builder(server).model("claude-3-5-haiku-20241022").build();
    assertFalse(old.info().supports(Capability.JSON_SCHEMA));
    ChatRequest r = ChatRequest.builder().user("x").responseFormat(ResponseFormat.jsonSchema("thing", schema)).build();
    server.enqueue(Wire.json(200, Wire.message(
        "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"json_response\",\"input\":{\"a\":\"b\"}}]",
        "tool_use", "{\"input_tokens\":3,\"output_tokens\":4}")));
    var response = old.chat(r);
    assertEquals("{\"a\":\"b\"}", response.text());
    assertTrue(response.toolCalls().isEmpty());
    assertEquals(dev.crossfeed.FinishReason.STOP, response.finishReason());
    JsonNode sent = body(server.takeRequest());
    assertFalse(sent.has("output_config"));
    assertJson("[{\"name\":\"json_response\",\"description\":\"Give the answer as this tool's input, which follows the "
        + "required JSON schema.\",\"input_schema\":" + schema + "}]", sent.get("tools"));
    assertJson("{\"type\":\"tool\",\"name\":\"json_response\"}", sent.get("tool_choice"));

    ChatRequest withTools = r.newBuilder().tool(WEATHER).build();
    JsonNode instructed = send(old, withTools, Wire.Path.SYNC);
    assertEquals(RequestMapper.JSON_ONLY + " It must match this JSON schema:\n" + schema, instructed.get("system").asText());
    assertEquals(1, instructed.get("tools").size());
  }

  @Test
  void jsonObjectModeAddsAnInstructionAfterTheSystemPrompt() throws Exception {
    ChatRequest r = ChatRequest.builder().system("Be brief.").user("x").responseFormat(ResponseFormat.JSON_OBJECT).build();
    assertJson("[{\"type\":\"text\",\"text\":\"Be brief.\"},{\"type\":\"text\",\"text\":\"" + RequestMapper.JSON_ONLY + "\"}]",
        send(Wire.model(server), r, Wire.Path.SYNC).get("system"));
  }

  @Test
  void temperatureAboveOneIsSentAsOne() throws Exception {
    ChatRequest r = ChatRequest.builder().user("x").temperature(1.7).build();
    assertEquals(1.0, send(Wire.model(server), r, Wire.Path.SYNC).get("temperature").asDouble());
  }

  @Test
  void dataUrlImagesAreSentAsBase64Sources() throws Exception {
    ChatRequest r = ChatRequest.builder().user(ContentPart.imageUrl("data:image/webp;base64,AAAA")).build();
    assertJson("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
        + "\"media_type\":\"image/webp\",\"data\":\"AAAA\"}}]}]", send(Wire.model(server), r, Wire.Path.SYNC).get("messages"));
  }

  @Test
  void imageTypesTheApiRefusesFailBeforeSending() {
    for (ContentPart image : List.of(ContentPart.imageBytes(new byte[] {'B', 'M', 0}, "image/bmp"),
        ContentPart.imageUrl("data:image/tiff;base64,AAAA"))) {
      ChatRequest r = ChatRequest.builder().user(image).build();
      dev.crossfeed.ChatModelException e =
          org.junit.jupiter.api.Assertions.assertThrows(dev.crossfeed.ChatModelException.class, () -> Wire.model(server).chat(r));
      assertEquals(dev.crossfeed.Failure.INVALID_REQUEST, e.failure());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("media type"), e.getMessage());
    }
    assertEquals(0, server.getRequestCount(), "nothing was sent");
  }

  @Test
  void toolCallWithoutArgumentsSendsAnEmptyInputObject() throws Exception {
    ChatRequest r = ChatRequest.builder()
        .user("x")
        .message(Message.assistant("", List.of(new ToolCall("toolu_9", "refresh", null))))
        .message(Message.toolResult("toolu_9", "refresh", "done"))
        .build();
    assertJson("[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"refresh\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_9\",\"content\":\"done\"}]}]",
        send(Wire.model(server), r, Wire.Path.SYNC).get("messages"));
  }

  @Test
  void extraFieldsAreMergedLastAndModelCanBeOverridden() throws Exception {
    ChatRequest r = ChatRequest.builder()
        .user("x")
        .model("claude-haiku-4-5")
        .extraField("max_tokens", 9)
        .extraField("metadata", Map.of("user_id", "u-1"))
        .extraField("top_k", 5)
        .build();
    JsonNode sent = send(Wire.model(server), r, Wire.Path.SYNC);
    assertEquals("claude-haiku-4-5", sent.get("model").asText());
    assertEquals(9, sent.get("max_tokens").asInt());
    assertJson("{\"user_id\":\"u-1\"}", sent.get("metadata"));
    assertEquals(5, sent.get("top_k").asInt());
  }

  /** The one extraFields rule of every provider: an object merges into ours key by key, anything else replaces. */
  @Test
  void anExtraObjectMergesIntoOursKeyByKey() throws Exception {
    ChatRequest r = ChatRequest.builder().user("x").tool(WEATHER).toolChoice(ToolChoice.AUTO)
        .extraField("tool_choice", Map.of("disable_parallel_tool_use", true)).build();
    assertJson("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}", send(Wire.model(server), r, Wire.Path.SYNC).get("tool_choice"));
  }

  @ParameterizedTest
  @EnumSource(Wire.Path.class)
  void toolArgumentsThatAreNotAJsonObjectFailBeforeSending(Wire.Path path) {
    ChatRequest r = ChatRequest.builder()
        .user("x")
        .message(Message.assistant("", List.of(new ToolCall("toolu_1", "f", "[1,2]"))))
        .message(Message.toolResult("toolu_1", "f", "ok"))
        .build();
    ChatModelException e = Wire.failure(Wire.model(server), r, path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("toolu_1"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void requestTimeoutOverridesTheModelTimeout() throws Exception {
    // a short per-call timeout against a server that never answers within it
    server.enqueue(new mockwebserver3.MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("{}").build());
    ChatRequest r = ChatRequest.builder().user("x").timeout(Duration.ofMillis(200)).build();
    ChatModelException e = Wire.failure(Wire.model(server), r, Wire.Path.SYNC);
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void nonAsciiTextIsSentAsUtf8() throws Exception {
    JsonNode sent = send(Wire.model(server), ChatRequest.of("Grüße, 世界"), Wire.Path.SYNC);
    assertEquals("Grüße, 世界", sent.get("messages").get(0).get("content").asText());
  }
}
