package dev.crossfeed.routing;

/**
 * Bounds a blocking attempt on the calling thread: when the time is up it interrupts that thread (a provider's
 * blocking call or a scripted hang then ends). {@link #disarm()} tells whether it fired and always leaves the
 * thread's interrupt flag as the caller had it, so a late interrupt can never leak into the caller's code.
 *
 * <p>Armed lazily, because arming a timer per attempt (a schedule, a cancel and a timer-thread wake-up on the
 * shared executor) was a measurable part of a routed call. Each thread keeps one watchdog per scheduler, and its
 * timer is moved only when an attempt must end before the pending one fires. With the same budget call after call,
 * deadlines only move later, so the pending timer stays put; when it fires it finds the current attempt's later
 * deadline and waits again (or stops when no attempt runs). That is about one wake-up per budget per thread instead
 * of a timer per attempt. A nested call on the same thread (a router over routers) gets a watchdog of its own.
 */
final class Watchdog {
  private static final ThreadLocal<Watchdog> PER_THREAD = new ThreadLocal<>();

  private final Thread thread = Thread.currentThread();
  private final Scheduler scheduler;
  private final boolean shared;
  /** An attempt is between arm and disarm; touched by the owning thread only. */
  private boolean inUse;
  // guarded by this
  private boolean armed;
  private boolean fired;
  private long deadline;
  private Tick tick;

  private Watchdog(Scheduler scheduler, boolean shared) {
    this.scheduler = scheduler;
    this.shared = shared;
  }

  /** Bounds the attempt starting at {@code now} (the scheduler's time) to {@code nanos}. */
  static Watchdog arm(Scheduler scheduler, long now, long nanos) {
    Watchdog w = PER_THREAD.get();
    if (w == null || (!w.inUse && w.scheduler != scheduler)) {
      if (w != null) w.retire();
      w = new Watchdog(scheduler, true);
      PER_THREAD.set(w);
    } else if (w.inUse || w.scheduler != scheduler) {
      w = new Watchdog(scheduler, false); // nested call on this thread
    }
    w.start(now + nanos, now);
    return w;
  }

  private void start(long at, long now) {
    inUse = true;
    synchronized (this) {
      armed = true;
      fired = false;
      deadline = at;
      if (tick == null || tick.at - at > 0) {
        if (tick != null) tick.handle.cancel();
        schedule(at, now);
      }
    }
  }

  /** Called with the lock held. */
  private void schedule(long at, long now) {
    Tick t = new Tick(at);
    tick = t;
    t.handle = scheduler.schedule(at - now, t);
  }

  /** Stops the watchdog. Returns true if it fired (the interrupt it caused is cleared). */
  boolean disarm() {
    inUse = false;
    synchronized (this) {
      armed = false;
      if (!fired) {
        if (!shared && tick != null) {
          tick.handle.cancel();
          tick = null;
        }
        return false;
      }
      fired = false;
    }
    Thread.interrupted();
    return true;
  }

  /** This thread moved to another scheduler: drop the timer pending on the old one. */
  private synchronized void retire() {
    if (tick != null) tick.handle.cancel();
    tick = null;
  }

  /**
   * The pending timer. Runs on the system scheduler's timer thread itself (an interrupt is quick), see
   * {@link SystemScheduler#schedule}.
   */
  final class Tick implements Runnable {
    final long at;
    Scheduler.Cancellable handle;

    Tick(long at) {
      this.at = at;
    }

    @Override
    public void run() {
      synchronized (Watchdog.this) {
        if (tick != this) return; // replaced or retired meanwhile
        tick = null;
        if (!armed) return; // idle: the next attempt schedules again
        long now = scheduler.nanoTime();
        if (deadline - now > 0) {
          schedule(deadline, now); // a later attempt is running: wait for its deadline
          return;
        }
        armed = false;
        fired = true;
        thread.interrupt(); // under the lock, so disarm() finds it delivered and clears it
      }
    }
  }
}
