package dev.crossfeed.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual time for router tests. {@link #sleep} advances the clock at once (recording the delay) and runs the
 * timers that fell due; {@link #advance} does the same from the test. Timers scheduled with a delay below
 * {@link #autoRunBelow} run at once on a helper thread (the clock jumps to their due time), so an async backoff
 * needs no help from the test while deadlines stay put until the test advances to them.
 */
final class ManualScheduler implements Scheduler {
  private final Object lock = new Object();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Long> sleeps = new ArrayList<>();
  private final List<Long> scheduled = new ArrayList<>();
  private long now = 1_000_000_000_000L;
  private long seq;
  private long autoRunBelow;
  private ExecutorService helper;

  private final class Task implements Comparable<Task>, Cancellable {
    final long at;
    final long order;
    final Runnable body;
    boolean cancelled;

    Task(long at, long order, Runnable body) {
      this.at = at;
      this.order = order;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        cancelled = true;
        tasks.remove(this);
      }
    }
  }

  /** Timers shorter than {@code d} fire at once, on a helper thread, with the clock moved to their due time. */
  ManualScheduler autoRunBelow(Duration d) {
    synchronized (lock) {
      autoRunBelow = d.toNanos();
      if (helper == null) {
        helper =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "manual-scheduler-helper");
                  t.setDaemon(true);
                  return t;
                });
      }
    }
    return this;
  }

  void shutdown() {
    synchronized (lock) {
      if (helper != null) helper.shutdownNow();
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
      sleeps.add(nanos);
    }
    advance(nanos);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    Task t;
    boolean auto;
    synchronized (lock) {
      scheduled.add(delayNanos);
      t = new Task(now + Math.max(0, delayNanos), seq++, task);
      auto = helper != null && delayNanos < autoRunBelow;
      if (!auto) tasks.add(t);
    }
    if (auto) {
      helper.execute(
          () -> {
            synchronized (lock) {
              if (t.cancelled) return;
              if (t.at > now) now = t.at;
            }
            t.body.run();
          });
    }
    return t;
  }

  /** Moves the clock forward, running every timer that falls due, in order, on this thread. */
  void advance(Duration d) {
    advance(d.toNanos());
  }

  private void advance(long nanos) {
    long target;
    synchronized (lock) {
      target = now + nanos;
    }
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.peek();
        if (next == null || next.at > target) {
          now = Math.max(now, target);
          return;
        }
        tasks.poll();
        now = Math.max(now, next.at);
      }
      next.body.run();
    }
  }

  /** Sleeps taken, in nanoseconds. */
  List<Duration> sleeps() {
    synchronized (lock) {
      List<Duration> out = new ArrayList<>();
      for (long s : sleeps) out.add(Duration.ofNanos(s));
      return out;
    }
  }

  /** Delays of every timer ever scheduled, in nanoseconds. */
  List<Duration> scheduledDelays() {
    synchronized (lock) {
      List<Duration> out = new ArrayList<>();
      for (long s : scheduled) out.add(Duration.ofNanos(s));
      return out;
    }
  }

  /** Timers waiting to fire. */
  int pending() {
    synchronized (lock) {
      return tasks.size();
    }
  }
}
