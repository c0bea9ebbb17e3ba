package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.spi.AbstractChatStream;
import dev.crossfeed.testing.ScriptedChatModel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A member that throws something other than a {@link ChatModelException} (undeclared checked exceptions from
 * Kotlin or Lombok code, Errors, a caller's bad input) on every path: one classification, the attempt's bookkeeping
 * closed, its timer disarmed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemberThrowsTest {
  private final ManualScheduler clock = new ManualScheduler();

  @AfterEach
  void stopClock() {
    clock.shutdown();
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Throws {@code what} from chat, from opening a stream, or (when {@code midStream}) from reading one. */
  static ChatModel throwing(Supplier<Throwable> what, boolean midStream) {
    return new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw MemberThrowsTest.<RuntimeException>sneaky(what.get());
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        if (!midStream) throw MemberThrowsTest.<RuntimeException>sneaky(what.get());
        return new AbstractChatStream("weird", "w") {
          @Override
          protected StreamEvent readNext() {
            throw MemberThrowsTest.<RuntimeException>sneaky(what.get());
          }

          @Override
          protected void closeSource() {}
        };
      }

      @Override
      public ModelInfo info() {
        return ModelInfo.builder("weird", "w").build();
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void anUndeclaredCheckedExceptionFallsBackAndLeavesNothingArmedOrOpen(Paths path) {
    for (boolean midStream : new boolean[] {false, true}) {
      ChatModel weird = throwing(() -> new IOException("undeclared"), midStream);
      Router r = router(clock).model("weird", weird).model("ok", model("ok")).attemptTimeout(Duration.ofSeconds(5)).build();

      ChatResponse answer = path.call(r, ChatRequest.of("hi"));

      assertEquals("answer from ok", answer.text());
      assertEquals(List.of("weird:INVALID_RESPONSE", "ok:SUCCESS"), outcomes(answer.routeTrace()));
      assertEquals(0, r.member("weird").health.inFlight.get(), "the attempt's in-flight count is released");
      clock.advance(Duration.ofSeconds(10));
      assertFalse(Thread.interrupted(), "no timer of the call interrupts the caller later");
    }
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void anErrorOtherThanAVirtualMachineErrorIsAFailedAttempt(Paths path) {
    ChatModel weird = throwing(() -> new NoClassDefFoundError("com/example/Missing"), false);
    Router r = router(clock).model("weird", weird).model("ok", model("ok")).build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals(List.of("weird:INVALID_RESPONSE", "ok:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void aVirtualMachineErrorPropagatesWithTheAttemptClosed() {
    ChatModel weird = throwing(() -> new OutOfMemoryError("test"), false);
    Router r = router(clock).model("weird", weird).model("ok", model("ok")).attemptTimeout(Duration.ofSeconds(5)).build();

    assertThrows(OutOfMemoryError.class, () -> r.chat("hi"));
    assertThrows(OutOfMemoryError.class, () -> r.stream(ChatRequest.of("hi")));

    assertEquals(0, r.member("weird").health.inFlight.get());
    assertEquals(0, r.member("ok").health.inFlight.get());
    clock.advance(Duration.ofSeconds(10));
    assertFalse(Thread.interrupted());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aCallersBadInputIsInvalidRequestNeutralAndNotRetried(Paths path) {
    ChatModel picky = throwing(() -> new IllegalArgumentException("tool schema is not JSON"), false);
    ScriptedChatModel other = model("other");
    Router r = router(clock).model("picky", picky).model("other", other).circuitBreaker(1, Duration.ofSeconds(30)).build();

    for (int i = 0; i < 3; i++) {
      ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, ChatRequest.of("hi")));
      assertEquals(Failure.INVALID_REQUEST, e.failure());
      assertEquals(List.of("picky:INVALID_REQUEST"), outcomes(e.routeTrace()));
    }
    assertEquals(BreakerState.CLOSED, r.breakerState("picky"), "a caller's bug is not the model's health");
    assertEquals(0, other.callCount());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aMembersOwnBugIsInvalidResponseAndFallsBack(Paths path) {
    ChatModel buggy = throwing(NullPointerException::new, false);
    Router r = router(clock).model("buggy", buggy).model("ok", model("ok")).build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals(List.of("buggy:INVALID_RESPONSE", "ok:SUCCESS"), outcomes(answer.routeTrace()));
  }
}
