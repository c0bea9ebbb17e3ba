package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The blocking {@link ChatStream} a router returns: an {@link AsyncCall} pushes the committed attempt's events
 * into a queue, the caller's thread takes them. Closing it cancels the call (in-flight attempts, backoffs, hedges).
 */
final class QueueStream implements ChatStream, StreamListener {
  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile CompletableFuture<ChatResponse> call;
  private volatile boolean closed;
  private boolean iterated;
  private boolean finished;
  private Object head;
  private StreamEvent buffered;
  private ChatResponse completed;

  void attach(CompletableFuture<ChatResponse> call) {
    this.call = call;
  }

  // Producer side, called by the AsyncCall one at a time.

  @Override
  public void onEvent(StreamEvent event) {
    queue.add(event);
  }

  @Override
  public void onComplete(ChatResponse response) {
    queue.add(END);
  }

  @Override
  public void onError(ChatModelException error) {
    queue.add(error);
  }

  /**
   * Waits until the route committed to a model (its first event is here) or failed.
   *
   * @throws ChatModelException if routing failed before any event
   */
  void awaitStart() {
    Object o = take();
    if (o instanceof ChatModelException) {
      finished = true;
      throw (ChatModelException) o;
    }
    head = o;
  }

  private Object take() {
    if (head != null) {
      Object o = head;
      head = null;
      return o;
    }
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw RoutingErrors.cancelled("interrupted while reading the stream");
    }
  }

  @Override
  public Iterator<StreamEvent> iterator() {
    if (iterated) throw new IllegalStateException("a ChatStream can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return fill();
      }

      @Override
      public StreamEvent next() {
        if (!fill()) throw new NoSuchElementException();
        StreamEvent e = buffered;
        buffered = null;
        return e;
      }
    };
  }

  private boolean fill() {
    if (buffered != null) return true;
    if (finished) return false;
    if (closed) {
      finished = true;
      throw RoutingErrors.cancelled("stream closed by caller");
    }
    Object o = take();
    if (o == END) {
      finished = true;
      return false;
    }
    if (o == CLOSED) {
      finished = true;
      throw RoutingErrors.cancelled("stream closed by caller");
    }
    if (o instanceof ChatModelException) {
      finished = true;
      throw (ChatModelException) o;
    }
    StreamEvent e = (StreamEvent) o;
    if (e instanceof StreamEvent.Completed) {
      completed = ((StreamEvent.Completed) e).response();
      finished = true; // the last event; what follows in the queue is only the END marker
    }
    buffered = e;
    return true;
  }

  @Override
  public ChatResponse response() {
    if (!iterated) {
      for (StreamEvent ignored : this) {
        // drain
      }
    } else {
      while (fill()) buffered = null;
    }
    if (completed == null) throw RoutingErrors.cancelled("stream closed by caller");
    return completed;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    CompletableFuture<ChatResponse> c = call;
    if (c != null) c.cancel(true);
    queue.add(CLOSED);
  }
}
