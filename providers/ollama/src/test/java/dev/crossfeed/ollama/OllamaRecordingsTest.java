package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.recorded.Httprr;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays every native-API Ollama recording in {@code shared/fixtures/recorded/ollama/} through the provider,
 * served with the recorded status, headers and body. The two {@code /v1} cassettes belong to the OpenAI-compatible
 * provider and are skipped here (see {@link #SKIPPED}).
 */
@Timeout(30)
class OllamaRecordingsTest {
  /** Ollama's OpenAI-compatible {@code /v1/chat/completions}: replayed by the OpenAI provider's Ollama preset. */
  static final Set<String> SKIPPED =
      Set.of("test_ollama_cloud_tool_output.yaml", "test_ollama_local_native_output_uses_json_schema.yaml");

  static final Set<String> REPLAYED =
      Set.of(
          "TestClient_GenerateChatStream.httprr",
          "TestClient_Generate.httprr",
          "TestWithFormat.httprr",
          "TestWithJSONSchema.httprr",
          "TestToolCall.httprr",
          "TestWithTruncate.httprr",
          "TestWithTruncateFalse.httprr",
          "chat_completion_function_call_response.txt");

  @StartStop final MockWebServer server = new MockWebServer();
  private Path dir;

  @BeforeEach
  void findFixtures() {
    dir = RecordedFixtures.dir("ollama");
  }

  private RecordedExchange only(String file) {
    List<RecordedExchange> exchanges = Httprr.read(dir.resolve(file));
    assertEquals(1, exchanges.size(), file);
    server.enqueue(exchanges.get(0).response().toMockResponse());
    return exchanges.get(0);
  }

  private OllamaChatModel model() {
    return Wire.model(server).model("gemma3:1b").build();
  }

  private JsonNode sentBody() {
    RecordedRequest r = Wire.take(server);
    assertEquals("/api/chat", r.getUrl().encodedPath());
    return Wire.body(r);
  }

  @Test
  void everyRecordingIsReplayedOrListedAsSkipped() throws IOException {
    Set<String> present;
    try (Stream<Path> files = Files.list(dir)) {
      present = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> unhandled = new TreeSet<>(present);
    unhandled.removeAll(REPLAYED);
    unhandled.removeAll(SKIPPED);
    assertEquals(Set.of(), unhandled, "new Ollama recordings: replay them here or list them as skipped");
  }

  @Test
  void generateChatStreamCountsToFive() throws IOException {
    RecordedExchange ex = only("TestClient_GenerateChatStream.httprr");
    assertEquals("application/x-ndjson", ex.response().header("content-type").orElseThrow());
    CallPath.Streamed s = CallPath.collect(model(), ChatRequest.builder().user("Count from 1 to 5").maxOutputTokens(50).temperature(0.0).build());
    long deltas = s.events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count();
    assertEquals(21, deltas, "22 lines, the last (done) with empty content");
    ChatResponse r = s.response;
    assertEquals("Okay, here we go!\n\n1, 2, 3, 4, 5\n", r.text());
    assertEquals(Usage.of(16, 22), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("gemma3:1b", r.model());
    JsonNode sent = sentBody();
    JsonNode recorded = Wire.tree(ex.request().bodyText());
    assertEquals(recorded.get("messages"), sent.get("messages"));
    assertEquals(recorded.at("/options/num_predict").asInt(), sent.at("/options/num_predict").asInt());
    assertEquals(recorded.at("/options/temperature").asDouble(), sent.at("/options/temperature").asDouble());
    assertEquals(recorded.get("stream"), sent.get("stream"));
  }

  @Test
  void jsonModeStreamAnswersJson() throws IOException {
    RecordedExchange ex = only("TestWithFormat.httprr");
    ChatRequest request =
        ChatRequest.builder()
            .user("How many feet are in a nautical mile? Respond with JSON containing the answer.")
            .temperature(0.0)
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .build();
    ChatResponse r = CallPath.collect(model(), request).response;
    assertEquals("{\"answer\": \"600\"}", r.text());
    assertEquals(Usage.of(25, 9), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    JsonNode sent = sentBody();
    JsonNode recorded = Wire.tree(ex.request().bodyText());
    assertEquals(recorded.get("format"), sent.get("format"));
    assertEquals(recorded.get("messages"), sent.get("messages"));
  }

  @Test
  void jsonSchemaStreamAnswersBySchema() throws IOException {
    RecordedExchange ex = only("TestWithJSONSchema.httprr");
    String schema = Wire.tree(ex.request().bodyText()).get("format").toString();
    ChatRequest request =
        ChatRequest.builder()
            .user("How many feet are in a nautical mile? Respond with JSON containing the answer.")
            .temperature(0.0)
            .responseFormat(ResponseFormat.jsonSchema("answer", schema))
            .build();
    ChatResponse r = CallPath.collect(model(), request).response;
    assertEquals("{\"feet\": 6076}", r.text());
    assertEquals(6076, Wire.tree(r.text()).get("feet").asInt());
    assertEquals(Usage.of(25, 10), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Wire.tree(schema), sentBody().get("format"));
  }

  @Test
  void truncatedPromptStillAnswersWithCappedInputCount() throws IOException {
    only("TestWithTruncate.httprr");
    ChatResponse r = CallPath.collect(model(), ChatRequest.of("a long prompt")).response;
    assertEquals("2 + 2 = 4\n", r.text());
    assertEquals(Usage.of(128, 9), r.usage(), "silently truncated to num_ctx 128");
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void modelWithoutToolSupportIsAnInvalidRequest(CallPath path) throws IOException {
    RecordedExchange ex = only("TestToolCall.httprr");
    ChatRequest request =
        ChatRequest.builder()
            .user("Which date do we have today?")
            .tool(ToolSpec.of("getTime", "Get the current time.", "{\"type\":\"object\",\"required\":[],\"properties\":{}}"))
            .build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(model(), request));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(400, e.status().orElseThrow());
    assertEquals("registry.ollama.ai/library/gemma3:1b does not support tools", e.providerMessage());
    assertEquals(Wire.tree(ex.request().bodyText()).get("tools"), sentBody().get("tools"));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void inputOverTheContextWithTruncateOffIsContextLengthExceeded(CallPath path) throws IOException {
    RecordedExchange ex = only("TestWithTruncateFalse.httprr");
    JsonNode recorded = Wire.tree(ex.request().bodyText());
    assertEquals(false, recorded.get("truncate").asBoolean(true));
    ChatRequest request =
        ChatRequest.builder().user(recorded.at("/messages/0/content").asText()).extraField("truncate", false).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(model(), request));
    assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, e.failure());
    assertEquals(400, e.status().orElseThrow());
    assertEquals("the input length exceeds the context length", e.providerMessage());
    assertEquals(false, sentBody().get("truncate").asBoolean(true));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void toolCallWithoutIdsGetsSynthesisedIds(CallPath path) throws IOException {
    String line = Files.readString(dir.resolve("chat_completion_function_call_response.txt"));
    server.enqueue(path.streams() ? Wire.ndjson(line) : Wire.json(200, line));
    ChatResponse r = path.call(Wire.model(server).build(), ChatRequest.of("Call the test function"));
    assertEquals(1, r.toolCalls().size());
    ToolCall call = r.toolCalls().get(0);
    assertEquals("TestPlugin-TestFunction", call.name());
    assertEquals(Wire.tree("{\"testInput\":\"fake-text\"}"), Wire.tree(call.argumentsJson()));
    assertTrue(call.id().matches("call_[a-z0-9]{8}"), call.id());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(152, 22), r.usage());
    assertEquals("llama3.2", r.model());
    assertEquals("", r.text());
  }

  /**
   * {@code /api/generate} is not what this provider calls: its answer text is in {@code response}, not
   * {@code message.content}. Replayed through the chat path anyway for what the two APIs share: the done line,
   * {@code done_reason}, token counts and model, which parse; the text is (correctly) not found.
   */
  @ParameterizedTest
  @EnumSource(value = CallPath.class, names = {"SYNC", "ASYNC"})
  void generateRecordingSharesTheDoneFieldsOnly(CallPath path) throws IOException {
    RecordedExchange ex = only("TestClient_Generate.httprr");
    assertTrue(ex.request().startLine().contains("/api/generate"));
    ChatResponse r = path.call(model(), ChatRequest.of("Hello, how are you?"));
    assertEquals(Usage.of(15, 65), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("gemma3:1b", r.model());
    assertEquals("", r.text(), "generate's `response` field is not a chat message");
    assertTrue(Wire.tree(ex.response().bodyText()).get("response").asText().startsWith("Hello there!"));
  }
}
