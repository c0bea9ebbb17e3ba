package dev.crossfeed.opentelemetry;

import dev.crossfeed.routing.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Virtual time for router tests: {@link #sleep} returns at once and records the wait; timers run only when the
 * test {@linkplain #advance advances} the clock, on the test's thread.
 */
final class VirtualScheduler implements Scheduler {
  private final Object lock = new Object();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private long now = 1_000_000_000L;
  private long order;

  private final class Timer implements Comparable<Timer>, Cancellable {
    final long at;
    final long seq;
    final Runnable task;

    Timer(long at, long seq, Runnable task) {
      this.at = at;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Timer o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        timers.remove(this);
      }
    }
  }

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public void sleep(long nanos) {
    synchronized (lock) {
      sleeps.add(Duration.ofNanos(nanos));
      now += nanos;
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    synchronized (lock) {
      Timer t = new Timer(now + Math.max(0, delayNanos), order++, task);
      timers.add(t);
      return t;
    }
  }

  /** Moves the clock forward by {@code d}, running the timers that fall due, in order. */
  void advance(Duration d) {
    long target;
    synchronized (lock) {
      target = now + d.toNanos();
    }
    while (true) {
      Timer next;
      synchronized (lock) {
        next = timers.peek();
        if (next == null || next.at > target) {
          now = Math.max(now, target);
          return;
        }
        timers.poll();
        now = Math.max(now, next.at);
      }
      next.task.run();
    }
  }

  /** The blocking waits the router took. */
  List<Duration> sleeps() {
    synchronized (lock) {
      return List.copyOf(sleeps);
    }
  }
}
