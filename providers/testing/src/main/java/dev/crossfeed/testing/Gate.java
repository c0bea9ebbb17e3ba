package dev.crossfeed.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A gate a test controls: calls scripted with {@link Outcome#hangUntil(Gate, Outcome)} park on it until the test
 * {@link #open() opens} it (or the call is cancelled). Lets hedging, deadline and least-busy tests hold a call in
 * flight for exactly as long as they need, without sleeping.
 *
 * <pre>{@code
 * Gate gate = new Gate();
 * ScriptedChatModel slow = ScriptedChatModel.builder().then(Outcome.hangUntil(gate, Outcome.text("late"))).build();
 * CompletableFuture<ChatResponse> f = slow.chatAsync(ChatRequest.of("hi"));
 * gate.awaitWaiting(1, Duration.ofSeconds(5)); // the call is now parked
 * gate.open();                                 // and now it answers "late"
 * }</pre>
 *
 * <p>Thread-safe. A gate opens once and stays open.
 */
public final class Gate {
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final Object lock = new Object();
  private int waiting;
  private int arrived;

  /** Releases every call parked on this gate, and lets later ones through at once. */
  public void open() {
    opened.complete(null);
  }

  /** {@return true once {@link #open()} was called} */
  public boolean isOpen() {
    return opened.isDone();
  }

  /** {@return calls parked on this gate right now} */
  public int waiting() {
    synchronized (lock) {
      return waiting;
    }
  }

  /** {@return calls that reached this gate so far (parked now or already released)} */
  public int arrived() {
    synchronized (lock) {
      return arrived;
    }
  }

  /**
   * Waits until at least {@code count} calls have reached the gate.
   *
   * @param count the number of calls to wait for
   * @param timeout how long to wait at most
   * @return false if the timeout elapsed first
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitWaiting(int count, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout == null");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (arrived < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  CompletableFuture<Void> opened() {
    return opened;
  }

  void enter() {
    synchronized (lock) {
      waiting++;
      arrived++;
      lock.notifyAll();
    }
  }

  void leave() {
    synchronized (lock) {
      waiting--;
      lock.notifyAll();
    }
  }

  @Override
  public String toString() {
    return "Gate{" + (isOpen() ? "open" : "closed") + ", waiting=" + waiting() + '}';
  }
}
