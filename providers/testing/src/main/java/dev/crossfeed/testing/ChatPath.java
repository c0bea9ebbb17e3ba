package dev.crossfeed.testing;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The four ways to call a {@link ChatModel}. Tests run each scenario through every path, because each path has
 * its own way to go wrong (a stream that splices, an async call that never completes).
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(ChatPath.class)
 * void answers(ChatPath path) {
 *   assertEquals("Paris", path.run(model, request, Duration.ofSeconds(5)).orFail().text());
 * }
 * }</pre>
 */
public enum ChatPath {
  /** {@link ChatModel#chat(ChatRequest)}. */
  SYNC,
  /** {@link ChatModel#chatAsync(ChatRequest)}. */
  ASYNC,
  /** {@link ChatModel#stream(ChatRequest)}, iterated to the end. */
  STREAM,
  /** {@link ChatModel#streamAsync(ChatRequest, StreamListener)}. */
  STREAM_ASYNC;

  /** {@return true for the two streaming paths} */
  public boolean streams() {
    return this == STREAM || this == STREAM_ASYNC;
  }

  /**
   * Runs the request through this path and captures the outcome. Checks the path's own contract on the way: a
   * stream ends with exactly one {@code Completed}, last, holding the returned response; a listener gets exactly
   * one of {@code onComplete}/{@code onError}, matching the future.
   *
   * @param timeout how long to wait for an async result before failing the test
   * @param model the model to call
   * @param request the request
   * @return the answer or failure, with the events delivered
   * @throws AssertionError if the model breaks a contract, throws something other than
   *     {@link ChatModelException}, or an async call does not finish in time
   */
  public ChatOutcome run(ChatModel model, ChatRequest request, Duration timeout) {
    List<StreamEvent> events = Collections.synchronizedList(new ArrayList<>());
    try {
      ChatResponse response;
      switch (this) {
        case SYNC:
          response = model.chat(request);
          break;
        case ASYNC:
          response = await(model.chatAsync(request), timeout);
          break;
        case STREAM:
          try (ChatStream stream = model.stream(request)) {
            for (StreamEvent e : stream) events.add(e);
          }
          response = completed(events);
          break;
        default:
          response = streamAsync(model, request, timeout, events);
      }
      if (response == null) throw new AssertionError(this + " returned null");
      return new ChatOutcome(this, response, null, events);
    } catch (ChatModelException e) {
      return new ChatOutcome(this, null, e, events);
    } catch (RuntimeException e) {
      throw new AssertionError(this + " threw " + e.getClass().getName() + " instead of a ChatModelException", e);
    }
  }

  private static ChatResponse streamAsync(ChatModel model, ChatRequest request, Duration timeout, List<StreamEvent> events) {
    AtomicInteger ends = new AtomicInteger();
    AtomicReference<Object> end = new AtomicReference<>();
    StreamListener listener =
        new StreamListener() {
          @Override
          public void onEvent(StreamEvent event) {
            events.add(event);
          }

          @Override
          public void onComplete(ChatResponse response) {
            ends.incrementAndGet();
            end.set(response);
          }

          @Override
          public void onError(ChatModelException error) {
            ends.incrementAndGet();
            end.set(error);
          }
        };
    CompletableFuture<ChatResponse> future = model.streamAsync(request, listener);
    ChatResponse response;
    try {
      response = await(future, timeout);
    } catch (ChatModelException e) {
      if (ends.get() != 1 || end.get() == null) throw new AssertionError("STREAM_ASYNC: onError not called exactly once", e);
      if (!(end.get() instanceof ChatModelException) || ((ChatModelException) end.get()).failure() != e.failure()) {
        throw new AssertionError("STREAM_ASYNC: onError got " + end.get() + " but the future failed with " + e, e);
      }
      throw e;
    }
    if (ends.get() != 1 || end.get() != response) {
      throw new AssertionError("STREAM_ASYNC: onComplete must be called once with the future's response");
    }
    ChatResponse last = completed(events);
    if (last != response) throw new AssertionError("STREAM_ASYNC: the Completed event and the future disagree");
    return response;
  }

  private static ChatResponse completed(List<StreamEvent> events) {
    if (events.isEmpty() || !(events.get(events.size() - 1) instanceof StreamEvent.Completed)) {
      throw new AssertionError("a stream must end with a Completed event: " + events);
    }
    long completes = events.stream().filter(e -> e instanceof StreamEvent.Completed).count();
    if (completes != 1) throw new AssertionError("a stream must have exactly one Completed event: " + events);
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  private static ChatResponse await(CompletableFuture<ChatResponse> future, Duration timeout) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ChatModelException) throw (ChatModelException) e.getCause();
      throw new AssertionError("the future failed with " + e.getCause() + " instead of a ChatModelException", e.getCause());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("no answer within " + timeout.toMillis() + "ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
