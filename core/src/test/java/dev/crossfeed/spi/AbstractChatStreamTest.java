package dev.crossfeed.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AbstractChatStreamTest {
  /** Plays a list of suppliers: each returns an event, null, or throws. */
  static final class Scripted extends AbstractChatStream {
    final Deque<Supplier<StreamEvent>> script;
    int closes;

    Scripted(List<Supplier<StreamEvent>> script) {
      super("fake", "m");
      this.script = new ArrayDeque<>(script);
    }

    @Override
    protected StreamEvent readNext() {
      return script.isEmpty() ? null : script.poll().get();
    }

    @Override
    protected void closeSource() {
      closes++;
    }
  }

  static Supplier<StreamEvent> text(String t) {
    return () -> new StreamEvent.TextDelta(t);
  }

  static Supplier<StreamEvent> done() {
    return () -> new StreamEvent.Completed(ChatResponse.builder().text("ab").usage(Usage.of(1, 2)).build());
  }

  static Supplier<StreamEvent> fail(Failure f) {
    return () -> {
      throw ChatModelException.builder(f).provider("fake").build();
    };
  }

  @Test
  void deliversEventsThenCompletedAndClosesSourceOnce() {
    Scripted s = new Scripted(List.of(text("a"), text("b"), done()));
    List<StreamEvent> seen = new ArrayList<>();
    for (StreamEvent e : s) seen.add(e);
    assertEquals(3, seen.size());
    assertInstanceOf(StreamEvent.Completed.class, seen.get(2));
    assertEquals("ab", s.response().text());
    s.close();
    assertEquals(1, s.closes);
    assertThrows(IllegalStateException.class, s::iterator);
  }

  @Test
  void errorBeforeContentKeepsItsFailure() {
    Scripted s = new Scripted(List.of(fail(Failure.OVERLOADED)));
    ChatModelException e = assertThrows(ChatModelException.class, s::response);
    assertEquals(Failure.OVERLOADED, e.failure());
    assertTrue(e.partialResponse().isEmpty());
    assertEquals(1, s.closes);
  }

  @Test
  void errorAfterContentBecomesStreamInterruptedWithPartialText() {
    Scripted s = new Scripted(List.of(text("hel"), text("lo"), fail(Failure.OVERLOADED)));
    Iterator<StreamEvent> it = s.iterator();
    it.next();
    it.next();
    ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("hello", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.OVERLOADED, ((ChatModelException) e.getCause()).failure());
    assertFalse(it.hasNext());
  }

  @Test
  void endWithoutCompletedIsACut() {
    ChatModelException before = assertThrows(ChatModelException.class, new Scripted(List.of())::response);
    assertEquals(Failure.CONNECTION, before.failure());
    ChatModelException after = assertThrows(ChatModelException.class, new Scripted(List.of(text("x")))::response);
    assertEquals(Failure.STREAM_INTERRUPTED, after.failure());
  }

  @Test
  void unexpectedRuntimeExceptionIsClassifiedInvalidResponse() {
    IllegalStateException boom = new IllegalStateException("parser bug");
    Scripted s = new Scripted(List.of(() -> {
      throw boom;
    }));
    ChatModelException e = assertThrows(ChatModelException.class, s::response);
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertSame(boom, e.getCause());
  }

  @Test
  void closeAfterContentIsCancelledWithWhatWasDelivered() {
    Scripted s = new Scripted(List.of(text("hel"), text("lo"), done()));
    Iterator<StreamEvent> it = s.iterator();
    it.next();
    it.next();
    s.close();
    ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
    assertEquals(Failure.CANCELLED, e.failure());
    assertEquals("hello", e.partialResponse().orElseThrow().text());
  }

  @Test
  void closeBeforeReadingIsCancelled() {
    Scripted s = new Scripted(List.of(text("a"), done()));
    Iterator<StreamEvent> it = s.iterator();
    s.close();
    ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
    assertEquals(Failure.CANCELLED, e.failure());
    assertTrue(e.partialResponse().isEmpty());
    assertEquals(1, s.closes);
  }

  @Test
  void accumulatorHoldsWhatWasReturnedBeforeTheCurrentRead() {
    List<String> seenByParser = new ArrayList<>();
    List<Supplier<StreamEvent>> script = new ArrayList<>();
    script.add(text("hel"));
    script.add(() -> new StreamEvent.ReasoningDelta("think"));
    script.add(() -> new StreamEvent.ToolCallDelta(0, "c1", "f", "{\"a\":"));
    script.add(() -> new StreamEvent.ToolCallDelta(0, "", "", "1}"));
    script.add(() -> new StreamEvent.UsageUpdate(Usage.of(3, 4)));
    script.add(text("lo"));
    Scripted[] self = new Scripted[1];
    script.add(() -> {
      seenByParser.add(self[0].accumulator().text());
      ChatResponse r = self[0].accumulator().toResponse(dev.crossfeed.FinishReason.STOP).build();
      return new StreamEvent.Completed(r);
    });
    Scripted s = new Scripted(script);
    self[0] = s;
    ChatResponse r = s.response();
    assertEquals(List.of("hello"), seenByParser);
    assertEquals("hello", r.text());
    assertEquals("think", r.reasoning());
    assertEquals("{\"a\":1}", r.toolCalls().get(0).argumentsJson());
    assertEquals(Usage.of(3, 4), r.usage());
    assertSame(r, s.accumulator().completed().orElseThrow());
  }
}
