package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.testing.ScriptedChatModel;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Code compiled from Kotlin (OkHttp) can throw checked exceptions it never declares; the router still classifies them. */
@Timeout(10)
class UndeclaredCheckedExceptionTest {
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private static final ChatModel THROWS_CHECKED =
      new ChatModel() {
        @Override
        public ChatResponse chat(ChatRequest request) {
          throw UndeclaredCheckedExceptionTest.<RuntimeException>sneaky(new IOException("undeclared"));
        }

        @Override
        public ChatStream stream(ChatRequest request) {
          throw UndeclaredCheckedExceptionTest.<RuntimeException>sneaky(new IOException("undeclared"));
        }

        @Override
        public ModelInfo info() {
          return ModelInfo.builder("weird", "w").build();
        }
      };

  @Test
  void anUndeclaredCheckedExceptionIsAFailedAttemptThatFallsBack() {
    Router r = Router.builder().model("weird", THROWS_CHECKED).model("ok", ScriptedChatModel.answering("fine")).build();
    ChatResponse answer = r.chat(ChatRequest.of("hi"));
    assertEquals("fine", answer.text());
    assertEquals(List.of("INVALID_RESPONSE", "SUCCESS"),
        answer.routeTrace().attempts().stream().map(a -> a.outcome()).toList());
  }
}
