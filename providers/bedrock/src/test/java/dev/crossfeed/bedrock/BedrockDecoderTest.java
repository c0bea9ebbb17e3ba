package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ResponseMeta;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Converse bodies and ConverseStream events become the same events and the same answer (recorded traffic first). */
@Timeout(20)
class BedrockDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ModelInfo INFO = ModelInfo.builder("bedrock", "m").prices(3, 15).build();

  @Test
  void recordedConverseWithReasoningTextAndAToolCall() {
    RecordedExchange x = VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_anthropic_tool_with_thinking.yaml")).get(0);
    BedrockDecoder d = new BedrockDecoder("us.anthropic.claude-3-7-sonnet-20250219-v1:0");
    ChatResponse r = whole(d, x.response().json().orElseThrow());
    assertTrue(r.reasoning().startsWith("The user is asking for the largest city in their country."), r.reasoning());
    assertEquals("I'll need to check what country you're from to answer that question.", r.text());
    assertEquals(List.of(new ToolCall("tooluse_W9DaUFg4Tj2cRPpndqxWSg", "get_user_country", "{}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(397, 130, 0, 0), r.usage());
    assertTrue(d.reasoningSignature().startsWith("ErcBCkgIBhABGAIiQDYN"));
    assertEquals("bedrock", r.provider());
    assertEquals("us.anthropic.claude-3-7-sonnet-20250219-v1:0", r.model());
    assertTrue(r.cost().isPresent());
  }

  @Test
  void recordedCacheWriteThenReadCountsCachedInputTheCoreWay() {
    List<RecordedExchange> x = VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_cache_write_and_read.yaml"));
    Usage write = whole(new BedrockDecoder("m"), x.get(0).response().json().orElseThrow()).usage();
    Usage read = whole(new BedrockDecoder("m"), x.get(1).response().json().orElseThrow()).usage();
    assertEquals(new Usage(2 + 1322, 5, 0, 0), write);  // inputTokens excludes the cache write
    assertEquals(new Usage(2 + 1322, 5, 1322, 0), read); // and the cache read, which is the cached part
  }

  @Test
  void recordedMaxTokensAndInferenceProfileAnswers() {
    ChatResponse max = whole(new BedrockDecoder("m"),
        VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_model_max_tokens.yaml")).get(0).response().json().orElseThrow());
    assertEquals(FinishReason.LENGTH, max.finishReason());
    ChatResponse hello = whole(new BedrockDecoder("m"),
        VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_inference_profile_converse.yaml")).get(0).response().json().orElseThrow());
    assertEquals("Hello", hello.text());
    assertEquals(new Usage(8, 2, 0, 0), hello.usage());
    assertEquals(FinishReason.STOP, hello.finishReason());
  }

  @Test
  void recordedRedactedReasoningIsNotedNotShown() {
    JsonNode body = VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_model_thinking_part_redacted.yaml")).get(0).response().json().orElseThrow();
    BedrockDecoder d = new BedrockDecoder("m");
    ChatResponse r = whole(d, body);
    assertTrue(d.sawRedactedReasoning());
    assertFalse(r.text().isEmpty());
  }

  @Test
  void recordedStreamsGiveTheAnswerTheirEventsSpellOut() throws Exception {
    ChatResponse nova = streamed("bedrock/test_bedrock_model_stream.yaml", 0);
    assertTrue(nova.text().startsWith("The capital of France is Paris."), nova.text());
    assertEquals(FinishReason.STOP, nova.finishReason());
    assertTrue(nova.usage().inputTokens() > 0 && nova.usage().outputTokens() > 0, nova.usage().toString());

    ChatResponse thinking = streamed("bedrock/test_bedrock_model_thinking_part_stream.yaml", 0);
    assertFalse(thinking.reasoning().isEmpty());
    assertFalse(thinking.text().isEmpty());

    ChatResponse redacted = streamed("bedrock/test_bedrock_model_thinking_part_redacted_stream.yaml", 0);
    assertFalse(redacted.text().isEmpty());
  }

  @Test
  void streamedToolUseInputFragmentsAreJoinedAndParsedAtTheBlockStop() throws Exception {
    BedrockDecoder d = new BedrockDecoder("m");
    List<StreamEvent> events = new ArrayList<>();
    d.event("messageStart", json("{\"p\":\"ab\",\"role\":\"assistant\"}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Hmm\"}},\"p\":\"a\"}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"Eu0C\"}}}"), events);
    d.event("contentBlockStop", json("{\"contentBlockIndex\":0}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":1,\"delta\":{\"text\":\"Hello!\"}}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":1,\"delta\":{\"text\":\"\"}}"), events);
    d.event("contentBlockStop", json("{\"contentBlockIndex\":1}"), events);
    d.event("contentBlockStart", json("{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"name\":\"get_temperature\",\"toolUseId\":\"tooluse_lAG\"}}}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"), events);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":2,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}}}"), events);
    d.event("contentBlockStop", json("{\"contentBlockIndex\":2}"), events);
    d.event("contentBlockStart", json("{\"contentBlockIndex\":3,\"start\":{\"toolUse\":{\"name\":\"now\",\"toolUseId\":\"tooluse_x\"}}}"), events);
    d.event("contentBlockStop", json("{\"contentBlockIndex\":3}"), events);
    assertFalse(d.finished());
    d.event("messageStop", json("{\"p\":\"abc\",\"stopReason\":\"tool_use\"}"), events);
    assertTrue(d.finished());
    d.event("metadata", json("{\"metrics\":{\"latencyMs\":422},\"usage\":{\"inputTokens\":471,\"outputTokens\":91,\"totalTokens\":562}}"), events);
    assertEquals(List.of(
        new StreamEvent.ReasoningDelta("Hmm"),
        new StreamEvent.TextDelta("Hello!"),
        new StreamEvent.ToolCallDelta(0, "tooluse_lAG", "get_temperature", ""),
        new StreamEvent.ToolCallDelta(0, "", "", "{\"city\":"),
        new StreamEvent.ToolCallDelta(0, "", "", "\"Paris\"}"),
        new StreamEvent.ToolCallComplete(0, new ToolCall("tooluse_lAG", "get_temperature", "{\"city\":\"Paris\"}")),
        new StreamEvent.ToolCallDelta(1, "tooluse_x", "now", ""),
        new StreamEvent.ToolCallComplete(1, new ToolCall("tooluse_x", "now", "{}")),
        new StreamEvent.UsageUpdate(new Usage(471, 91, 0, 0))), events);
    assertEquals("Eu0C", d.reasoningSignature());
    ChatResponse r = accumulate(d, events);
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(2, r.toolCalls().size());
  }

  @Test
  void brokenEventsAreRefusedNamingWhatIsWrong() throws Exception {
    BedrockDecoder d = new BedrockDecoder("m");
    List<StreamEvent> out = new ArrayList<>();
    assertMessage("event has no contentBlockIndex", () -> d.event("contentBlockDelta", json("{\"delta\":{\"text\":\"x\"}}"), out));
    assertMessage("toolUse input for block 4 before its start",
        () -> d.event("contentBlockDelta", json("{\"contentBlockIndex\":4,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"), out));
    d.event("contentBlockStart", json("{\"contentBlockIndex\":5,\"start\":{\"toolUse\":{\"name\":\"f\",\"toolUseId\":\"t\"}}}"), out);
    d.event("contentBlockDelta", json("{\"contentBlockIndex\":5,\"delta\":{\"toolUse\":{\"input\":\"{\\\"a\\\":\"}}}"), out);
    assertMessage("toolUse input of f is not valid JSON", () -> d.event("contentBlockStop", json("{\"contentBlockIndex\":5}"), out));
    assertMessage("response has no output.message.content array", () -> new BedrockDecoder("m").converse(json("{\"stopReason\":\"end_turn\"}"), out));
    assertMessage("response has no stopReason",
        () -> new BedrockDecoder("m").converse(json("{\"output\":{\"message\":{\"content\":[]}}}"), out));
  }

  @Test
  void everyStopReasonHasAFinishReason() throws Exception {
    String[][] cases = {
        {"end_turn", "STOP"}, {"stop_sequence", "STOP"}, {"tool_use", "TOOL_CALLS"}, {"max_tokens", "LENGTH"},
        {"guardrail_intervened", "CONTENT_FILTERED"}, {"content_filtered", "CONTENT_FILTERED"},
        {"model_context_window_exceeded", "CONTEXT_LENGTH_EXCEEDED"}, {"malformed_model_output", "OTHER"},
        {"malformed_tool_use", "OTHER"}, {"something_new", "OTHER"}};
    for (String[] c : cases) {
      BedrockDecoder d = new BedrockDecoder("m");
      d.event("messageStop", json("{\"stopReason\":\"" + c[0] + "\"}"), new ArrayList<>());
      assertEquals(FinishReason.valueOf(c[1]), d.finishReason(), c[0]);
    }
  }

  // ---- helpers

  private static ChatResponse whole(BedrockDecoder d, JsonNode body) {
    List<StreamEvent> events = new ArrayList<>();
    d.converse(body, events);
    return accumulate(d, events);
  }

  private static ChatResponse accumulate(BedrockDecoder d, List<StreamEvent> events) {
    StreamAccumulator acc = new StreamAccumulator();
    events.forEach(acc::accept);
    return d.response(acc, new ResponseMeta(200, "req-1", dev.crossfeed.RateLimits.NONE, java.util.Optional.empty()), INFO);
  }

  private static ChatResponse streamed(String fixture, int interaction) throws Exception {
    byte[] body = VcrCassette.read(RecordedFixtures.file(fixture)).get(interaction).response().body();
    EventStreamDecoder frames = new EventStreamDecoder();
    frames.feed(body, 0, body.length);
    BedrockDecoder d = new BedrockDecoder("m");
    List<StreamEvent> events = new ArrayList<>();
    for (EventStreamMessage m = frames.next(); m != null; m = frames.next()) {
      d.event(m.header(":event-type"), JSON.readTree(m.payload()), events);
    }
    assertTrue(d.finished(), fixture);
    assertTrue(d.sawUsage(), fixture);
    return accumulate(d, events);
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
