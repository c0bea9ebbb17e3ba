package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatPathTest {
  private static final ChatRequest HI = ChatRequest.of("hi");
  private static final Duration WAIT = Duration.ofSeconds(5);

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void capturesAnswersAndStreamedEvents(ChatPath path) {
    ScriptedChatModel model = ScriptedChatModel.answering("Hello big world");
    ChatOutcome out = path.run(model, HI, WAIT);
    assertEquals("Hello big world", out.orFail().text());
    assertEquals(path.streams() ? "Hello big world" : "", out.streamedText());
    assertEquals(path.streams(), out.sawContent());
    assertThrows(AssertionError.class, out::failure);
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void capturesFailuresWithTheContentDeliveredBefore(ChatPath path) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .then(Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta("Hel"))).build();
    ChatOutcome out = path.run(model, HI, WAIT);
    Failure expected = path.streams() ? Failure.STREAM_INTERRUPTED : Failure.SERVER_ERROR;
    assertEquals(expected, out.failure().failure());
    assertEquals(path.streams() ? "Hel" : "", out.streamedText());
    assertThrows(AssertionError.class, out::orFail);
  }

  @Test
  void asyncThatNeverAnswersFailsTheTestInsteadOfHanging() {
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.hang()).build();
    AssertionError e = assertThrows(AssertionError.class, () -> ChatPath.ASYNC.run(model, HI, Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
  }

  @Test
  void streamWithoutCompletedBreaksTheContract() {
    ChatModel noCompleted = new ChatModel() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ChatStream stream(ChatRequest request) {
        return new ChatStream() {
          @Override
          public java.util.Iterator<StreamEvent> iterator() {
            return java.util.List.<StreamEvent>of(new StreamEvent.TextDelta("x")).iterator();
          }

          @Override
          public ChatResponse response() {
            return ChatResponse.builder().build();
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public ModelInfo info() {
        return ModelInfo.builder("p", "m").build();
      }
    };
    assertThrows(AssertionError.class, () -> ChatPath.STREAM.run(noCompleted, HI, WAIT));
    AssertionError wrongType = assertThrows(AssertionError.class, () -> ChatPath.SYNC.run(noCompleted, HI, WAIT));
    assertTrue(wrongType.getMessage().contains("instead of a ChatModelException"));
    assertFalse(ChatPath.SYNC.streams());
  }
}
