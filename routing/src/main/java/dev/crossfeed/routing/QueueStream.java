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
 * The blocking {@link ChatStream} a hedged router returns: an {@link AsyncCall} pushes the committed attempt's events
 * into a queue, the caller's thread takes them. Closing it cancels the call (in-flight attempts, backoffs, hedges).
 *
 * <p>The queue is bounded with back-pressure: once {@link #CAPACITY} events wait, the model's thread waits in
 * {@link #awaitRoom()} (called outside the call's monitor, before each event) until the caller reads on, so a slow
 * reader holds the model's stream back instead of buffering the rest of the answer. The end, errors and the few
 * events held back before the first content event are never held up, so it may briefly hold a few more.
 */
final class QueueStream implements ChatStream, StreamListener {
  /** Events buffered before the model's thread waits for the reader. */
  static final int CAPACITY = 64;

  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  /** The thread that opened the stream and will read it: never held back, it would wait for itself. */
  private final Thread reader = Thread.currentThread();
  private final Object room = new Object();
  /** Model threads waiting in {@link #awaitRoom}; written under {@link #room}. */
  private volatile int waiting;
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

  /**
   * Waits while {@link #CAPACITY} events are buffered, until the reader takes one or the stream is closed. Returns at
   * once if interrupted (the call was cancelled; the event is then ignored), with the interrupt flag set again.
   */
  void awaitRoom() {
    if (queue.size() < CAPACITY || closed || Thread.currentThread() == reader) return;
    synchronized (room) {
      waiting++;
      try {
        while (queue.size() >= CAPACITY && !closed) room.wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting--;
      }
    }
  }

  private void wakeProducers() {
    synchronized (room) {
      room.notifyAll();
    }
  }

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
      Object o = queue.take();
      if (waiting > 0) wakeProducers();
      return o;
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
    if (waiting > 0) wakeProducers();
    CompletableFuture<ChatResponse> c = call;
    if (c != null) c.cancel(true);
    queue.clear(); // what the caller will not read
    queue.add(CLOSED);
  }
}
