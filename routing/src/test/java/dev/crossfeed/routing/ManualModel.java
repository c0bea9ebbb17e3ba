package dev.crossfeed.routing;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A model the test drives by hand, call by call: each call (chat, chatAsync, stream, streamAsync) becomes a
 * {@link Call} whose events and ending the test sends when it wants, e.g. one text delta and then nothing, to test
 * first-token timeouts, deadlines after content and hedged streams. ScriptedChatModel cannot pause a stream after
 * content. A blocking {@code stream} is a queue the call's events go to; closing it cancels the call's future.
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
      throw ChatModelException.builder(Failure.CANCELLED).detail("interrupted").build();
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
    Blocking stream = new Blocking();
    stream.call = begin(request, stream);
    return stream;
  }

  /** The blocking stream of a call: what the test sends is queued for the reader. */
  private static final class Blocking implements ChatStream, StreamListener {
    private static final Object END = new Object();
    private static final Object CLOSED = new Object();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Call call;
    private volatile boolean closed;
    private StreamEvent next;
    private volatile ChatResponse completed;
    private volatile boolean done;

    @Override
    public void onEvent(StreamEvent e) {
      queue.add(e);
    }

    @Override
    public void onComplete(ChatResponse response) {
      queue.add(END);
    }

    @Override
    public void onError(ChatModelException error) {
      queue.add(error);
    }

    private boolean fill() {
      if (next != null) return true;
      if (done) return false;
      Object o;
      try {
        o = closed ? CLOSED : queue.take();
      } catch (InterruptedException e) {
        close();
        throw ChatModelException.builder(Failure.CANCELLED).detail("interrupted").build();
      }
      if (o == END) {
        done = true;
        return false;
      }
      if (o == CLOSED) {
        done = true;
        throw ChatModelException.builder(Failure.CANCELLED).detail("stream closed").build();
      }
      if (o instanceof ChatModelException) {
        done = true;
        throw (ChatModelException) o;
      }
      next = (StreamEvent) o;
      if (next instanceof StreamEvent.Completed) completed = ((StreamEvent.Completed) next).response();
      return true;
    }

    @Override
    public Iterator<StreamEvent> iterator() {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return fill();
        }

        @Override
        public StreamEvent next() {
          if (!fill()) throw new NoSuchElementException();
          StreamEvent e = next;
          next = null;
          return e;
        }
      };
    }

    @Override
    public ChatResponse response() {
      while (fill()) next = null;
      return completed;
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      if (completed == null && !done) call.future.cancel(true); // closing an unfinished stream cancels the call
      queue.add(CLOSED);
    }
  }

  @Override
  public ModelInfo info() {
    return info;
  }
}
