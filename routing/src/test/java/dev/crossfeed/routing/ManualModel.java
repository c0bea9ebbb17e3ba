package dev.crossfeed.routing;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A model the test drives by hand, call by call: each call (chat, chatAsync, streamAsync) becomes a {@link Call}
 * whose events and ending the test sends when it wants, e.g. one text delta and then nothing, to test first-token
 * timeouts, deadlines after content and hedged streams. ScriptedChatModel cannot pause a stream after content.
 */
final class ManualModel implements ChatModel {
  private final ModelInfo info;
  private final List<Call> calls = new ArrayList<>();

  ManualModel(String id) {
    this.info = ModelInfo.builder("manual", id).build();
  }

  /** One call in flight. */
  final class Call {
    final ChatRequest request;
    final StreamListener listener;
    final CompletableFuture<ChatResponse> future = new CompletableFuture<>();

    Call(ChatRequest request, StreamListener listener) {
      this.request = request;
      this.listener = listener;
    }

    void send(StreamEvent e) {
      listener.onEvent(e);
    }

    void text(String delta) {
      send(new StreamEvent.TextDelta(delta));
    }

    void complete(String text) {
      ChatResponse r = ChatResponse.builder().text(text).provider("manual").model(info.id()).build();
      listener.onEvent(new StreamEvent.Completed(r));
      listener.onComplete(r);
      future.complete(r);
    }

    void fail(ChatModelException e) {
      listener.onError(e);
      future.completeExceptionally(e);
    }

    boolean cancelled() {
      return future.isCancelled();
    }
  }

  Call call(int index) {
    synchronized (calls) {
      return calls.get(index);
    }
  }

  int callCount() {
    synchronized (calls) {
      return calls.size();
    }
  }

  /** Waits (bounded) until {@code n} calls arrived and returns the n-th. */
  Call awaitCall(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (calls) {
      while (calls.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("call " + n + " did not arrive");
        calls.wait(Math.max(1, left / 1_000_000));
      }
      return calls.get(n - 1);
    }
  }

  private Call begin(ChatRequest request, StreamListener listener) {
    Call c = new Call(request, listener);
    synchronized (calls) {
      calls.add(c);
      calls.notifyAll();
    }
    return c;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Call c = begin(request, StreamListener.NONE);
    try {
      return c.future.get();
    } catch (InterruptedException e) {
      c.future.cancel(true);
      throw ChatModelException.builder(dev.crossfeed.Failure.CANCELLED).detail("interrupted").build();
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return begin(request, StreamListener.NONE).future;
  }

  @Override
  public CompletableFuture<ChatResponse> streamAsync(ChatRequest request, StreamListener listener) {
    return begin(request, listener).future;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    throw new UnsupportedOperationException("routers stream through streamAsync");
  }

  @Override
  public ModelInfo info() {
    return info;
  }
}
