package dev.crossfeed.examples.cli;

import dev.crossfeed.routing.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's time: real by default, so a person watches the story unfold; or virtual, where the demo's pauses
 * (and the router's waits) move the router's clock forward at once instead of sleeping, so a test tells the same
 * story (cooldowns passing, the breaker probing) in a fraction of a second. Timers stay real: they only bound
 * attempts, which are never in flight while time jumps.
 */
final class DemoClock implements Scheduler {
  private final Scheduler real = Scheduler.system();
  private final boolean virtual;
  private final AtomicLong skipped = new AtomicLong();

  private DemoClock(boolean virtual) {
    this.virtual = virtual;
  }

  static DemoClock real() {
    return new DemoClock(false);
  }

  static DemoClock virtual() {
    return new DemoClock(true);
  }

  @Override
  public long nanoTime() {
    return real.nanoTime() + skipped.get();
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    if (virtual) skipped.addAndGet(Math.max(0, nanos));
    else real.sleep(nanos);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    return real.schedule(delayNanos, task);
  }

  /** The demo's pause between steps. */
  void pause(Duration d) {
    try {
      sleep(d.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
