package dev.crossfeed.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds a blocking attempt on the calling thread: when the time is up it interrupts that thread (a provider's
 * blocking call or a scripted hang then ends). {@link #disarm()} tells whether it fired and always leaves the
 * thread's interrupt flag as the caller had it, so a late interrupt can never leak into the caller's code.
 */
final class Watchdog extends AtomicInteger implements Runnable {
  private static final int ARMED = 0;
  private static final int FIRING = 1;
  private static final int FIRED = 2;
  private static final int DISARMED = 3;

  private final Thread thread = Thread.currentThread();
  private Scheduler.Cancellable task;

  private Watchdog() {}

  static Watchdog arm(Scheduler scheduler, long nanos) {
    Watchdog w = new Watchdog();
    w.task = scheduler.schedule(nanos, w);
    return w;
  }

  @Override
  public void run() {
    if (compareAndSet(ARMED, FIRING)) {
      thread.interrupt();
      set(FIRED);
    }
  }

  /** Stops the watchdog. Returns true if it fired (the interrupt it caused is cleared). */
  boolean disarm() {
    if (compareAndSet(ARMED, DISARMED)) {
      task.cancel();
      return false;
    }
    while (get() == FIRING) Thread.onSpinWait();
    Thread.interrupted();
    return true;
  }
}
