package dev.crossfeed.openai;

import static dev.crossfeed.openai.Recordings.cassette;
import static dev.crossfeed.openai.Recordings.chunkLines;
import static dev.crossfeed.openai.Recordings.chunks;
import static dev.crossfeed.openai.Recordings.deltas;
import static dev.crossfeed.openai.Recordings.httprr;
import static dev.crossfeed.openai.Recordings.jsonBody;
import static dev.crossfeed.openai.Recordings.rawSse;
import static dev.crossfeed.openai.Recordings.sameJson;
import static dev.crossfeed.openai.TestSupport.KEY;
import static dev.crossfeed.openai.TestSupport.body;
import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.Usage;
import dev.crossfeed.openai.Recordings.Exchange;
import dev.crossfeed.openai.TestSupport.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real OpenAI and Azure OpenAI Chat Completions traffic from {@code ../shared/fixtures/recorded}, replayed with its
 * recorded status, headers and body. Where the recording kept the request, the body we send for the same
 * request is compared with it.
 */
@Timeout(60)
class RecordedOpenAiTest {
  @StartStop MockWebServer server = new MockWebServer();

  private ChatResponse replay(Exchange exchange, ChatModel model, Path path, ChatRequest request) {
    server.enqueue(exchange.toResponse());
    return path.call(model, request);
  }

  private ChatModelException replayFailure(Exchange exchange, ChatModel model, Path path) {
    server.enqueue(exchange.toResponse());
    return TestSupport.fails(path, model, ChatRequest.of("hi"));
  }

  // ---- openai/

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void openaiTextJson(Path path) {
    JsonNode recorded = Recordings.json("openai/openai-text.json");
    ChatResponse r = replay(jsonBody("openai/openai-text.json", 200), TestSupport.openai(server), path, ChatRequest.of("Invent a holiday"));
    assertEquals(recorded.at("/choices/0/message/content").asText(), r.text());
    assertTrue(r.text().startsWith("**Holiday Name:** Galaxy Day"));
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new Usage(16, 363, 0, 0), r.usage());
    assertEquals("gpt-4.1-nano-2025-04-14", r.model());
  }

  @Test
  void openaiTextChunks() {
    List<String> lines = chunkLines("openai/openai-text.chunks.txt");
    server.enqueue(chunks("openai/openai-text.chunks.txt").toResponse());
    List<StreamEvent> events = TestSupport.events(TestSupport.openai(server), ChatRequest.of("Invent a holiday"));
    ChatResponse r = ((StreamEvent.Completed) events.get(events.size() - 1)).response();
    assertEquals(deltas(lines, "content"), r.text());
    assertTrue(r.text().length() > 1000);
    assertTrue(events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count() > 250, "incremental deltas");
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new Usage(16, 300, 0, 0), r.usage());
    assertEquals("gpt-4.1-nano-2025-04-14", r.model());
    assertEquals("chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0", r.requestId().orElseThrow(), "completion id when no request-id header");
    assertTrue(body(take(server)).at("/stream_options/include_usage").asBoolean());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void openaiHttprrTextWithHeaders(Path path) {
    Exchange ex = httprr("openai/TestClient_CreateChatCompletion.httprr").get(0);
    ChatModel m = chat(server, OpenAiHost.OPENAI).model("gpt-3.5-turbo").build();
    ChatResponse r = replay(ex, m, path, ChatRequest.builder().user("Hello, how are you?").maxOutputTokens(50).temperature(0.0).build());
    assertTrue(r.text().startsWith("Hello! I'm just a computer program"));
    assertEquals(Usage.of(13, 31), r.usage());
    assertEquals("req_7997c69c86b744538a2884c8d777754b", r.requestId().orElseThrow());
    assertEquals(9999, r.rateLimits().remainingRequests().getAsLong());
    assertEquals(49999992, r.rateLimits().remainingTokens().getAsLong());
    assertEquals(Duration.ofMillis(6), r.rateLimits().resetRequests().orElseThrow());
    assertTrue(sameJson(ex.request(), body(take(server))), "same body as the recorded client sent");
  }

  @Test
  void openaiHttprrStream() {
    Exchange ex = httprr("openai/TestClient_CreateChatCompletionStream.httprr").get(0);
    ChatModel m = chat(server, OpenAiHost.OPENAI).model("gpt-3.5-turbo").build();
    ChatResponse r = replay(ex, m, Path.STREAM, ChatRequest.builder().user("Count from 1 to 5").maxOutputTokens(50).temperature(0.0).build());
    assertTrue(r.text().contains("1") && r.text().contains("5"), r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertTrue(r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0, r.usage().toString());
    assertTrue(r.requestId().orElseThrow().startsWith("req_"));
    assertTrue(sameJson(ex.request(), body(take(server))), "same body as the recorded client sent");
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void openaiHttprrFunctionCall(Path path) {
    Exchange ex = httprr("openai/TestFunctionCall.httprr").get(0);
    ToolSpec weather = ToolSpec.of("getCurrentWeather", "Get the current weather in a given location",
        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":\"The city and state, e.g. San Francisco, CA\"},"
            + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"location\"]}");
    ChatModel m = chat(server, OpenAiHost.OPENAI).model("gpt-3.5-turbo").build();
    ChatResponse r = replay(ex, m, path, ChatRequest.builder().user("What is the weather like in Boston?").tool(weather).temperature(0.0).build());
    assertEquals(List.of(new ToolCall("call_olc8qHf1RDItRqwuEBNjsu3B", "getCurrentWeather", "{\"location\":\"Boston\"}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(81, 14), r.usage());
    assertTrue(sameJson(ex.request(), body(take(server))), "same body as the recorded client sent");
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void openaiHttprrStructuredOutput(Path path) {
    Exchange ex = httprr("openai/TestStructuredOutputObjectSchema.httprr").get(0);
    String schema = "{\"type\":\"object\",\"properties\":{\"final_answer\":{\"type\":\"string\",\"additionalProperties\":false}},"
        + "\"additionalProperties\":false,\"required\":[\"final_answer\"]}";
    ChatModel m = chat(server, OpenAiHost.OPENAI).model("gpt-4o-2024-08-06").build();
    ChatRequest request = ChatRequest.builder().system("You are a student taking a math exam.").user("Solve 2 + 2")
        .responseFormat(ResponseFormat.jsonSchema("math_schema", schema)).temperature(0.0).build();
    ChatResponse r = replay(ex, m, path, request);
    assertEquals("{\"final_answer\":\"4\"}", r.text());
    assertEquals(Usage.of(53, 6), r.usage());
    assertTrue(sameJson(ex.request(), body(take(server))), "same body as the recorded client sent");
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void openaiHttprrJsonObject(Path path) {
    Exchange ex = httprr("openai/TestClient_WithResponseFormat.httprr").get(0);
    ChatModel m = chat(server, OpenAiHost.OPENAI).model("gpt-3.5-turbo").build();
    ChatRequest request = ChatRequest.builder().user("Return a JSON object with a 'greeting' field that says hello")
        .responseFormat(ResponseFormat.JSON_OBJECT).maxOutputTokens(50).temperature(0.0).build();
    ChatResponse r = replay(ex, m, path, request);
    assertEquals("hello", TestSupport.tree(r.text()).get("greeting").asText());
    assertTrue(sameJson(ex.request(), body(take(server))), "same body as the recorded client sent");
  }

  @Test
  void openaiCassetteStreamedToolCallThenAnswer() {
    List<Exchange> exchanges = cassette("openai/test_run_stream_sync_streams_real_model.yaml");
    ToolSpec capital = ToolSpec.of("get_capital", "", "{\"additionalProperties\":false,\"properties\":{\"country\":{\"type\":\"string\"}},\"required\":[\"country\"],\"type\":\"object\"}");
    ChatRequest first = ChatRequest.builder().user("What is the capital of the UK? Use the tool, then answer.").tool(capital).toolChoice(ToolChoice.AUTO).build();
    ChatResponse call = replay(exchanges.get(0), TestSupport.openai(server), Path.STREAM, first);
    assertEquals(List.of(new ToolCall("call_ZR5UUuTt3pf61kjwAJIYdVMj", "get_capital", "{\"country\":\"UK\"}")), call.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, call.finishReason());
    assertEquals(Usage.of(53, 15), call.usage());
    JsonNode sent = body(take(server));
    assertTrue(sameJson(exchanges.get(0).request().get("messages"), sent.get("messages")));
    assertEquals(exchanges.get(0).request().get("stream_options"), sent.get("stream_options"));

    ChatRequest second = first.newBuilder()
        .message(Message.assistant("", call.toolCalls()))
        .message(Message.toolResult(call.toolCalls().get(0).id(), "get_capital", "London"))
        .build();
    ChatResponse answer = replay(exchanges.get(1), TestSupport.openai(server), Path.STREAM, second);
    assertTrue(answer.text().startsWith("The capital of the UK is London"), answer.text());
    assertEquals(FinishReason.STOP, answer.finishReason());
    assertTrue(sameJson(exchanges.get(1).request().get("messages"), body(take(server)).get("messages")),
        "assistant tool call and tool result are echoed the way the recorded client did");
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void openaiModelNotFound(Path path) {
    ChatModelException e = replayFailure(cassette("openai/test_model_name_suggestion-openai-chat.yaml").get(0), TestSupport.openai(server), path);
    assertEquals(Failure.MODEL_NOT_FOUND, e.failure());
    assertEquals(404, e.status().getAsInt());
    assertTrue(e.providerMessage().contains("gpt-5.2-proo"));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void openaiSystemRoleRejectedByO1Mini(Path path) {
    ChatModelException e = replayFailure(cassette("openai/test_openai_o1_mini_system_role-system.yaml").get(0), TestSupport.openai(server), path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(400, e.status().getAsInt());
    assertTrue(e.providerMessage().contains("'messages[0].role' does not support 'system'"), e.providerMessage());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void openaiLegacyMaxTokensParameterError(Path path) {
    ChatModelException e = replayFailure(jsonBody("openai/reasoning-model-legacy-parameter-error.json", 400), TestSupport.openai(server), path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().startsWith("Unsupported parameter: 'max_tokens'"));
  }

  /**
   * Error bodies recorded on other OpenAI endpoints (Responses, images) share the chat error envelope; served here
   * with the status their rows infer, they must classify the same way.
   */
  @ParameterizedTest
  @EnumSource(Path.class)
  void openaiErrorEnvelopesFromOtherEndpoints(Path path) {
    Object[][] cases = {
      {"openai/openai-error.1.json", 429, Failure.QUOTA_EXHAUSTED},
      {"openai/reasoning-model-temperature-error.json", 400, Failure.INVALID_REQUEST},
      {"openai/issue-6454-nested-definitions-error.json", 400, Failure.INVALID_REQUEST},
      {"openai/openai-issue-17402-error.1.json", 400, Failure.INVALID_REQUEST},
      {"openai/openai-issue-18537-error.1.json", 400, Failure.INVALID_REQUEST},
      {"openai/openai-tool-search-duplicate-item-error.1.json", 400, Failure.INVALID_REQUEST},
      {"openai/openai-output-schema-tool-error.1.json", 400, Failure.INVALID_REQUEST},
      {"openai/openai-allowed-tools-web-search-error.1.json", 400, Failure.INVALID_REQUEST},
      {"openai/gpt-image-response-format-error.json", 400, Failure.INVALID_REQUEST},
    };
    for (Object[] c : cases) {
      ChatModelException e = replayFailure(jsonBody((String) c[0], (Integer) c[1]), TestSupport.openai(server), path);
      assertEquals(c[2], e.failure(), (String) c[0]);
      assertTrue(!e.providerMessage().isEmpty(), (String) c[0]);
    }
  }

  @Test
  void openaiEmbeddingsTokenLimitError() {
    server.enqueue(jsonBody("openai/issue-10082-token-limit-error.json", 400).toResponse());
    OpenAiEmbeddingModel m = OpenAiEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY).model("text-embedding-3-small").build();
    ChatModelException e = org.junit.jupiter.api.Assertions.assertThrows(ChatModelException.class, () -> m.embed("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().contains("max 300000 tokens per request"));
  }

  @Test
  void openaiResponsesMidStreamErrorClassifiesTheSameWay() {
    // the Responses stream itself is out of scope; its error event uses the chat error envelope
    for (String line : chunkLines("openai/openai-error.1.chunks.txt")) {
      JsonNode event = TestSupport.tree(line);
      if (!event.path("type").asText().equals("error")) continue;
      server.enqueue(TestSupport.sse("data: {\"error\":" + event.get("error") + "}\n\n"));
      ChatModelException e = org.junit.jupiter.api.Assertions.assertThrows(ChatModelException.class,
          () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
      assertEquals(Failure.QUOTA_EXHAUSTED, e.failure(), e.getMessage());
      return;
    }
    throw new AssertionError("no error event in the recording");
  }

  // ---- azure-openai/

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void azureDeploymentCallWithFilterResults(Path path) {
    Exchange ex = cassette("azure-openai/test_azure_provider_call.yaml").get(0);
    ChatModel m = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("gpt-4o")
        .azureDeployment("gpt-4o").azureApiVersion("2024-12-01-preview").build();
    ChatResponse r = replay(ex, m, path, ChatRequest.of("What is the capital of France?"));
    assertEquals("The capital of France is **Paris**.", r.text());
    assertEquals(Usage.of(14, 9), r.usage());
    assertEquals("gpt-4o-2024-11-20", r.model());
    assertEquals("azure-openai", r.provider());
    assertEquals("1d93fae1-cb8e-4789-8fb6-d26577a3cb77", r.requestId().orElseThrow(), "apim-request-id");
    assertTrue(r.cost().isPresent(), "priced like the OpenAI model of the same name");
    RecordedRequest sent = take(server);
    String recordedUri = ex.uri();
    assertEquals(recordedUri.substring(recordedUri.indexOf("/openai/")), sent.getUrl().encodedPath() + "?" + sent.getUrl().encodedQuery());
  }

  @Test
  void azureModelRouterStream() {
    List<String> lines = chunkLines("azure-openai/azure-model-router.1.chunks.txt");
    ChatModel m = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("model-router").build();
    ChatResponse r = replay(chunks("azure-openai/azure-model-router.1.chunks.txt"), m, Path.STREAM, ChatRequest.of("Capital of France?"));
    assertEquals(deltas(lines, "content"), r.text());
    assertTrue(r.text().startsWith("Capital of"), r.text());
    assertEquals(new Usage(15, 78, 0, 64), r.usage());
    assertEquals("gpt-5-nano-2025-08-07", r.model());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void azureAsyncFilterChunksAfterFinish() {
    ChatModel m = OpenAiChatModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("gpt-4o").build();
    ChatResponse r = replay(rawSse("azure-openai/chat_completion_streaming_async_filter_response.txt"), m, Path.STREAM, ChatRequest.of("x"));
    assertEquals("Kindness", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("gpt-4o-2024-05-13", r.model());
  }
}
