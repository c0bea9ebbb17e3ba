package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cancellation scenarios of the conformance kit. Each expects the fake to stall (before headers or after one
 * content chunk) and then to answer "after", which proves the model still works once a call was cancelled.
 */
final class CancellationChecks {
  private CancellationChecks() {}

  static void cancelChatAsync(ChatModel model, FakeProviderServer server, Duration timeout) {
    CompletableFuture<ChatResponse> future = model.chatAsync(ChatRequest.of("Hi"));
    server.takeRequest(timeout); // the call reached the server, which stalls
    future.cancel(true);
    assertTrue(future.isCancelled(), "the future is cancelled");
    assertThrows(CancellationException.class, future::join);
    assertEquals("after", model.chat(ChatRequest.of("Again")).text(), "the model still answers after a cancel");
  }

  static void cancelStreamAsync(ChatModel model, Duration timeout) {
    CompletableFuture<Void> firstContent = new CompletableFuture<>();
    StreamListener listener =
        new StreamListener() {
          @Override
          public void onEvent(StreamEvent event) {
            if (event.isContent()) firstContent.complete(null);
          }
        };
    CompletableFuture<ChatResponse> future = model.streamAsync(ChatRequest.of("Hi"), listener);
    get(firstContent, timeout, "no content event before the stall");
    future.cancel(true);
    assertTrue(future.isCancelled(), "the future is cancelled");
    assertEquals("after", model.chat(ChatRequest.of("Again")).text(), "the model still answers after a cancel");
  }

  static void closeStreamFromAnotherThread(ChatModel model, Duration timeout) {
    ChatStream stream = model.stream(ChatRequest.of("Hi"));
    Iterator<StreamEvent> events = stream.iterator();
    while (!events.next().isContent()) {
      // read up to the first content event; the fake then stalls
    }
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                while (events.hasNext()) events.next();
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    stream.close();
    Throwable ended = get(reader, timeout, "closing the stream did not end the blocked read");
    if (ended != null) {
      assertTrue(ended instanceof ChatModelException, "a read ended by close throws ChatModelException: " + ended);
      assertEquals(Failure.CANCELLED, ((ChatModelException) ended).failure());
    }
  }

  private static <T> T get(CompletableFuture<T> future, Duration timeout, String message) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(message + " within " + timeout.toMillis() + "ms", e);
    } catch (ExecutionException e) {
      throw new AssertionError(message, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
