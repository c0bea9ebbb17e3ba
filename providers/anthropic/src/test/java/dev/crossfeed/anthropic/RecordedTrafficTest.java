package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays every recorded Anthropic exchange in the shared fixtures through the provider and asserts what each
 * contains. JSON bodies go through sync and async, streams through stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordedTrafficTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private final List<StreamEvent> events = new ArrayList<>();

  /** Every fixture this class replays; {@link #everyRecordingIsReplayed} fails when one is added without a test. */
  private static final Set<String> REPLAYED = Set.of(
      "anthropic-text.json", "anthropic-text.chunks.txt", "TestClient_CreateMessage.httprr",
      "TestClient_CreateMessageStream.httprr", "test_no_tools_no_output.yaml", "anthropic-json-other-tool.1.json",
      "anthropic-json-other-tool.1.chunks.txt", "anthropic-tool-no-args.json", "anthropic-tool-no-args.chunks.txt",
      "anthropic-json-output-format.1.json", "anthropic-json-output-format.1.chunks.txt",
      "anthropic-clear-thinking.1.json", "anthropic-clear-thinking.1.chunks.txt",
      "test_anthropic_model_thinking_part_stream.yaml", "test_anthropic_model_thinking_part_redacted_stream.yaml",
      "test_model_name_suggestion-anthropic.yaml", "test_anthropic_count_tokens_error.yaml",
      "test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml", "anthropic-issue-17366-error.json",
      "anthropic-parallel-provider-client-tools.error.json");

  @Test
  void everyRecordingIsReplayed() throws IOException {
    Set<String> present;
    try (Stream<java.nio.file.Path> files = Files.list(Recordings.dir())) {
      present = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(new TreeSet<>(REPLAYED), present);
  }

  private AnthropicChatModel model() {
    return Wire.model(server);
  }

  /** The JSON answer through both non-streaming paths; both must agree. */
  private ChatResponse replayJson(MockResponse response) {
    server.enqueue(response);
    server.enqueue(response);
    ChatResponse sync = Wire.call(model(), ChatRequest.of("x"), Wire.Path.SYNC);
    ChatResponse async = Wire.call(model(), ChatRequest.of("x"), Wire.Path.ASYNC);
    assertEquals(sync.toString(), async.toString());
    assertEquals(sync.toolCalls(), async.toolCalls());
    assertEquals(sync.reasoning(), async.reasoning());
    return sync;
  }

  private ChatResponse replayStream(MockResponse response) {
    server.enqueue(response);
    return Wire.call(model(), ChatRequest.of("x"), Wire.Path.STREAM, events);
  }

  private long count(Class<? extends StreamEvent> type) {
    return events.stream().filter(type::isInstance).count();
  }

  private void assertFailsOnEveryPath(MockResponse response, Failure failure, int status, String requestId, String message) {
    for (Wire.Path path : Wire.Path.values()) {
      server.enqueue(response);
      ChatModelException e = Wire.failure(model(), ChatRequest.of("x"), path);
      assertEquals(failure, e.failure(), path.name());
      assertEquals(status, e.status().orElseThrow());
      assertEquals(requestId, e.requestId().orElseThrow());
      assertTrue(e.providerMessage().contains(message), e.providerMessage());
    }
  }

  @Test
  void textJson() throws IOException {
    ChatResponse r = replayJson(Recordings.jsonBody("anthropic-text.json", 200));
    assertEquals("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.of(12, 29), r.usage());
    assertEquals("claude-sonnet-4-5-20250929", r.model());
    assertTrue(r.cost().isPresent());
  }

  @Test
  void textStream() throws IOException {
    ChatResponse r = replayStream(Recordings.chunks("anthropic-text.chunks.txt"));
    assertEquals("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.of(12, 30), r.usage());
    assertEquals(6, count(StreamEvent.TextDelta.class));
  }

  @Test
  void httprrTextWithHeadersAndTheSameRequestBody() throws Exception {
    Recordings.Exchange x = Recordings.httprr("TestClient_CreateMessage.httprr").get(0);
    server.enqueue(x.toMockResponse());
    AnthropicChatModel model = Wire.builder(server).model("claude-3-opus-20240229").build();
    ChatResponse r = model.chat(ChatRequest.builder().user("Hello, how are you?").maxOutputTokens(100).temperature(0.0).build());
    assertEquals("Hello! As an AI language model, I don't have feelings, but I'm functioning properly and ready to assist you. How can I help you today?", r.text());
    assertEquals(Usage.of(13, 35), r.usage());
    assertEquals("req_011CSFCDzbeWe2qGKAeNMhfZ", r.requestId().orElseThrow());
    assertEquals("claude-3-opus-20240229", r.model());
    RecordedRequest sent = server.takeRequest();
    assertSameJson(x.request(), Wire.body(sent));
    assertEquals("2023-06-01", sent.getHeaders().get("anthropic-version"));
  }

  @Test
  void httprrStreamWithPaddedJsonAndTheSameRequestBody() throws Exception {
    Recordings.Exchange x = Recordings.httprr("TestClient_CreateMessageStream.httprr").get(0);
    server.enqueue(x.toMockResponse());
    AnthropicChatModel model = Wire.builder(server).model("claude-3-opus-20240229").build();
    ChatRequest request = ChatRequest.builder().user("Count from 1 to 5").maxOutputTokens(100).temperature(0.0).build();
    ChatResponse r = Wire.call(model, request, Wire.Path.STREAM, events);
    assertEquals("1\n2\n3\n4\n5", r.text());
    assertEquals(Usage.of(15, 13), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("req_011CSFCEDW38yAyCenJvnwn8", r.requestId().orElseThrow());
    assertEquals(3, count(StreamEvent.TextDelta.class));
    assertSameJson(x.request(), Wire.body(server.takeRequest()));
  }

  @Test
  void cassetteTextWithRetryAfterOnA200() throws IOException {
    Recordings.Exchange x = Recordings.cassette("test_no_tools_no_output.yaml").get(0);
    assertEquals("55", x.headers().get("retry-after"));
    ChatResponse r = replayJson(x.toMockResponse());
    assertTrue(r.text().startsWith("Paris is known as the \"City of Light\" (La Ville Lumière), a nickname"), r.text());
    assertTrue(r.text().endsWith("adopt street lighting on a large scale."), r.text());
    assertEquals(Usage.of(14, 65), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void toolCallJson() throws IOException {
    ChatResponse r = replayJson(Recordings.jsonBody("anthropic-json-other-tool.1.json", 200));
    assertEquals(List.of(new ToolCall("toolu_01PQjhxo3eirCdKNvCJrKc8f", "weather", "{\"location\":\"San Francisco\"}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("", r.text());
    assertEquals(Usage.of(843, 28), r.usage());
    assertEquals("claude-haiku-4-5-20251001", r.model());
  }

  @Test
  void toolCallStream() throws IOException {
    ChatResponse r = replayStream(Recordings.chunks("anthropic-json-other-tool.1.chunks.txt"));
    assertEquals(List.of(new ToolCall("toolu_019Zvehfe1XQWweT1pm7okyt", "weather", "{\"location\":\"San Francisco\"}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(843, 28), r.usage());
    assertEquals(3, count(StreamEvent.ToolCallDelta.class)); // the start, then two non-empty fragments
    assertEquals(1, count(StreamEvent.ToolCallComplete.class));
  }

  @Test
  void toolWithoutArgumentsJson() throws IOException {
    ChatResponse r = replayJson(Recordings.jsonBody("anthropic-tool-no-args.json", 200));
    assertTrue(r.text().startsWith("<thinking>\nThe updateIssueList tool was provided"), r.text());
    assertTrue(r.text().endsWith("Okay, I will update the current issue list:"));
    assertEquals(List.of(new ToolCall("toolu_01LRmxn9vGM1d2DZSDBowdZ1", "updateIssueList", "{}")), r.toolCalls());
    assertEquals(Usage.of(602, 93), r.usage());
    assertEquals("", r.reasoning(), "<thinking> tags in text are text, not reasoning");
  }

  @Test
  void toolWithoutArgumentsStream() throws IOException {
    ChatResponse r = replayStream(Recordings.chunks("anthropic-tool-no-args.chunks.txt"));
    assertEquals("I'll update the issue list for you.", r.text());
    assertEquals(List.of(new ToolCall("toolu_01QE1WLsSVp5hy5Q3GmGTmjP", "updateIssueList", "{}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(565, 48), r.usage());
  }

  @Test
  void structuredOutputJson() throws IOException {
    ChatResponse r = replayJson(Recordings.jsonBody("anthropic-json-output-format.1.json", 200));
    JsonNode answer = Wire.tree(r.text());
    assertEquals("Classic Lasagna", answer.path("recipe").path("name").asText());
    assertEquals(18, answer.path("recipe").path("ingredients").size());
    assertEquals(Usage.of(371, 629), r.usage());
  }

  @Test
  void structuredOutputStream() throws IOException {
    ChatResponse r = replayStream(Recordings.chunks("anthropic-json-output-format.1.chunks.txt"));
    JsonNode answer = Wire.tree(r.text());
    assertEquals("Theron Ironheart", answer.path("characters").get(0).path("name").asText());
    assertEquals(3, answer.path("characters").size());
    assertEquals(Usage.of(313, 305), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void thinkingJson() throws IOException {
    ChatResponse r = replayJson(Recordings.jsonBody("anthropic-clear-thinking.1.json", 200));
    assertEquals("925 divided by 5 = 185", r.reasoning());
    assertEquals("925 ÷ 5 = 185", r.text());
    assertEquals(Usage.of(69, 33), r.usage());
  }

  @Test
  void thinkingStream() throws IOException {
    ChatResponse r = replayStream(Recordings.chunks("anthropic-clear-thinking.1.chunks.txt"));
    assertEquals("The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185", r.reasoning());
    assertEquals("925 ÷ 5 = 185", r.text());
    assertEquals(Usage.of(69, 53), r.usage());
    assertEquals(9, count(StreamEvent.ReasoningDelta.class)); // the empty closing delta is not emitted
    assertTrue(events.indexOf(events.stream().filter(e -> e instanceof StreamEvent.ReasoningDelta).findFirst().orElseThrow())
        < events.indexOf(events.stream().filter(e -> e instanceof StreamEvent.TextDelta).findFirst().orElseThrow()));
  }

  @Test
  void thinkingStreamCassette() throws IOException {
    Recordings.Exchange x = Recordings.cassette("test_anthropic_model_thinking_part_stream.yaml").get(0);
    assertEquals(1024, x.request().path("thinking").path("budget_tokens").asInt());
    ChatResponse r = replayStream(x.toMockResponse());
    assertTrue(r.reasoning().startsWith("This is a straightforward question about pedestrian safety."), r.reasoning());
    assertTrue(r.text().startsWith("Here are the basic steps for safely crossing the street:\n\n**At intersections"), r.text());
    assertEquals(Usage.of(43, 282), r.usage());
    assertEquals("claude-sonnet-4-20250514", r.model());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void redactedThinkingStreamCassette() throws IOException {
    ChatResponse r = replayStream(Recordings.cassette("test_anthropic_model_thinking_part_redacted_stream.yaml").get(0).toMockResponse());
    assertEquals("", r.reasoning(), "redacted thinking carries no readable text");
    assertTrue(r.text().startsWith("I notice that you've sent what appears to be some kind of test string or command."), r.text());
    assertTrue(r.text().endsWith("How can I assist you today with a legitimate task or question?"), r.text());
    assertEquals(Usage.of(92, 189), r.usage());
    assertEquals(0, count(StreamEvent.ReasoningDelta.class));
  }

  @Test
  void modelNotFoundCassette() throws IOException {
    Recordings.Exchange x = Recordings.cassette("test_model_name_suggestion-anthropic.yaml").get(0);
    assertFailsOnEveryPath(x.toMockResponse(), Failure.MODEL_NOT_FOUND, 404, "req_011CdufXo8Y2LVfY2veyuQWG", "model: claude-sonet-4-5");
  }

  @Test
  void countTokensNotFoundCassette() throws IOException {
    Recordings.Exchange x = Recordings.cassette("test_anthropic_count_tokens_error.yaml").get(0);
    assertFailsOnEveryPath(x.toMockResponse(), Failure.MODEL_NOT_FOUND, 404, "req_011CVEA3SF7rnb3DuBZytqQa", "model: claude-does-not-exist");
  }

  @Test
  void unsupportedEffortCassette() throws IOException {
    Recordings.Exchange x = Recordings.cassette("test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml").get(0);
    assertFailsOnEveryPath(x.toMockResponse(), Failure.INVALID_REQUEST, 400, "req_011Ca7jT9AHpgXgdv8igm4z9",
        "This model does not support effort level 'xhigh'.");
  }

  @Test
  void orphanedToolResultError() throws IOException {
    assertFailsOnEveryPath(Recordings.jsonBody("anthropic-issue-17366-error.json", 400), Failure.INVALID_REQUEST, 400,
        "req_011Cd65WVh8Zrvno3NunpJ73", "unexpected `tool_use_id` found in `tool_result` blocks");
  }

  @Test
  void toolUseWithoutResultError() throws IOException {
    assertFailsOnEveryPath(Recordings.jsonBody("anthropic-parallel-provider-client-tools.error.json", 400), Failure.INVALID_REQUEST,
        400, "req_011CdKG2NtAD16XZmtMKXVQr", "`tool_use` ids were found without `tool_result` blocks");
  }

  /** JSON trees equal, numbers compared by value (the recorder wrote {@code 0}, we send {@code 0.0}). */
  private static void assertSameJson(JsonNode expected, JsonNode actual) {
    assertTrue(expected.equals((a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.asDouble(), b.asDouble())
            : a.equals(b) ? 0 : 1, actual),
        () -> "expected " + expected + "\nbut sent " + actual);
  }
}
