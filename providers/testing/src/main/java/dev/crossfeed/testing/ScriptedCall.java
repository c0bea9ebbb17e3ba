package dev.crossfeed.testing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** One call on a {@link ScriptedChatModel}: its outcome, cancellation signal and in-flight bookkeeping. */
final class ScriptedCall {
  final int number;
  final ChatRequest request;
  final Outcome outcome;
  final ModelInfo info;
  private final Duration maxHang;
  private final ScriptedChatModel model;
  private final CompletableFuture<Void> cancelSignal = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();

  ScriptedCall(ScriptedChatModel model, int number, ChatRequest request, Outcome outcome, ModelInfo info, Duration maxHang) {
    this.model = model;
    this.number = number;
    this.request = request;
    this.outcome = outcome;
    this.info = info;
    this.maxHang = maxHang;
  }

  /** Cancels the call if it is still running: wakes a parked hang and counts one cancellation. */
  void cancel() {
    if (finished.get() || cancelSignal.isDone()) return;
    if (cancelSignal.complete(null)) model.cancelled();
  }

  boolean isCancelled() {
    return cancelSignal.isDone();
  }

  /** Ends the call once (success, failure or cancellation). */
  void finish() {
    if (finished.compareAndSet(false, true)) model.ended();
  }

  /**
   * Blocks until the gate opens (null gate: never), the call is cancelled or interrupted, or the safety cap
   * elapses.
   *
   * @throws ChatModelException CANCELLED when cancelled or interrupted, TIMEOUT at the cap
   */
  void park(Gate gate) {
    CompletableFuture<Void> wake = new CompletableFuture<>();
    cancelSignal.thenRun(() -> wake.complete(null));
    if (gate != null) {
      gate.enter();
      gate.opened().thenRun(() -> wake.complete(null));
    }
    try {
      wake.get(maxHang.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      throw error(Failure.TIMEOUT, "scripted hang exceeded the maxHang safety cap of " + maxHang.toMillis() + "ms");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      if (gate != null) gate.leave();
    }
    if (isCancelled()) throw error(Failure.CANCELLED, "call cancelled while hanging");
  }

  ChatModelException error(Failure failure, String detail) {
    return ChatModelException.builder(failure).provider(info.provider()).model(modelId()).detail(detail).build();
  }

  /** A fresh copy of a scripted error, with provider and model filled in when blank. */
  ChatModelException copy(ChatModelException e) {
    ChatModelException.Builder b = e.toBuilder();
    if (e.provider().isEmpty()) b.provider(info.provider());
    if (e.model().isEmpty()) b.model(modelId());
    return b.build();
  }

  String modelId() {
    return request.model().orElse(info.id());
  }
}
