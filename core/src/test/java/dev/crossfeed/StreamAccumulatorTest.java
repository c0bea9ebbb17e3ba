package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAccumulatorTest {
  @Test
  void assemblesToolCallFragmentsByIndexAndKeepsLastUsage() {
    StreamAccumulator acc = new StreamAccumulator();
    acc.accept(new StreamEvent.UsageUpdate(Usage.of(5, 0)));
    assertFalse(acc.sawContent());
    acc.accept(new StreamEvent.TextDelta("Let me check. "));
    acc.accept(new StreamEvent.ToolCallDelta(1, "call_b", "time", "{\"tz\":"));
    acc.accept(new StreamEvent.ToolCallDelta(0, "call_a", "weather", "{\"city\""));
    acc.accept(new StreamEvent.ToolCallDelta(0, "", "", ":\"Paris\"}"));
    acc.accept(new StreamEvent.ToolCallDelta(1, "", "", "\"UTC\"}"));
    acc.accept(new StreamEvent.UsageUpdate(Usage.of(5, 9)));
    assertTrue(acc.sawContent());
    ChatResponse r = acc.toResponse(FinishReason.TOOL_CALLS).build();
    assertEquals(
        List.of(new ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"), new ToolCall("call_b", "time", "{\"tz\":\"UTC\"}")),
        r.toolCalls());
    assertEquals("Let me check. ", r.text());
    assertEquals(9, r.usage().outputTokens());
  }

  @Test
  void completeCallReplacesFragments() {
    StreamAccumulator acc = new StreamAccumulator();
    acc.accept(new StreamEvent.ToolCallDelta(0, "c", "f", "{\"a\":"));
    acc.accept(new StreamEvent.ToolCallComplete(0, new ToolCall("c", "f", "{\"a\":1}")));
    assertEquals("{\"a\":1}", acc.toolCalls().get(0).argumentsJson());
  }
}
