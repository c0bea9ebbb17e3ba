package dev.crossfeed.routing;

import dev.crossfeed.ChatStream;

/**
 * Ends one streamed attempt read on the caller's thread ({@link PullStream}) when its time is up. From the
 * scheduler's thread it closes the model's stream, which ends a read in progress (closing a {@link ChatStream} from
 * another thread is allowed); while the model's {@code stream()} has not returned yet, there is nothing to close, so
 * it interrupts the opening thread instead, as the sync path's {@link Watchdog} does. The reader then finds it
 * {@linkplain #disarm() fired} and records a TIMEOUT, whatever the closed stream threw.
 */
final class Cutoff implements Runnable {
  private final Thread opener = Thread.currentThread();
  // guarded by this
  private Scheduler.Cancellable task;
  private ChatStream stream;
  private boolean done;
  private boolean fired;
  private boolean interrupted;

  private Cutoff() {}

  /** Ends the attempt of the calling thread in {@code nanos}. */
  static Cutoff arm(Scheduler scheduler, long nanos) {
    Cutoff c = new Cutoff();
    Scheduler.Cancellable t = scheduler.schedule(nanos, c);
    synchronized (c) {
      c.task = t;
    }
    return c;
  }

  @Override
  public void run() {
    ChatStream s;
    synchronized (this) {
      if (done) return;
      done = true;
      fired = true;
      s = stream;
      if (s == null) {
        interrupted = true;
        opener.interrupt();
      }
    }
    if (s != null) s.close();
  }

  /** The model's stream is open: from now on a cut closes it (at once if the time is already up). */
  void attach(ChatStream s) {
    boolean late;
    synchronized (this) {
      stream = s;
      late = fired;
    }
    if (late) s.close();
  }

  /** True if the time is up (the stream is closed or being closed). */
  synchronized boolean fired() {
    return fired;
  }

  /**
   * Stops it. Returns true if it fired; an interrupt it caused is cleared, so call this on the opening thread.
   */
  boolean disarm() {
    synchronized (this) {
      if (!done) {
        done = true;
        task.cancel();
        return false;
      }
      if (!interrupted) return fired;
      interrupted = false;
    }
    Thread.interrupted();
    return true;
  }

  /** Stops it if it has not fired, from any thread, leaving interrupts alone (the caller closed the stream). */
  synchronized void cancel() {
    if (!done) {
      done = true;
      task.cancel();
    }
  }
}
