package dev.crossfeed.routing;

import dev.crossfeed.ChatStream;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where an attempt is cut: the one timer for the attempt timeout, the first-token timeout, the call's deadline and a
 * stream's idle timeout, on the router's {@link Scheduler}. Every driver arms one per attempt and disarms it in a
 * {@code finally}; {@link #disarm()} tells whether it fired.
 *
 * <p>What a cut does depends on who waits for the attempt. A blocking attempt ({@link #blocking}) is interrupted
 * while its model's {@code chat} or {@code stream()} has not returned, and has its stream closed once
 * {@linkplain #attach attached} (closing a {@link ChatStream} from another thread is allowed; a blocking socket
 * read does not react to interrupts); {@link #disarm()} on that thread clears an interrupt the timer caused, so it
 * never leaks into the caller's code. A non-blocking attempt ({@link #calling}) runs the driver's callback.
 *
 * <p>Blocking chat attempts share one scheduled task per router ({@link Cuts}): arming adds the timer to a sorted set
 * and schedules nothing while an earlier wake-up is already pending, so a blocking call does not pay a timer
 * schedule, cancel and timer-thread wake-up each time; the wake-up finds the timers due and re-arms for the next
 * one. The set holds only armed timers, so nothing retains a finished call or its thread. Streams and
 * non-blocking attempts schedule their own task, cancelled when disarmed.
 */
final class AttemptTimer {
  private final Scheduler scheduler;
  private final Cuts cuts;
  private final Thread thread;
  private final Runnable onCut;
  /** The hard bound (attempt budget, first token, deadline), on the scheduler's clock. Guarded by this. */
  private long at;
  /** Blocking: this timer's place in {@link #cuts}; null when not there. Guarded by this. */
  private Cuts.Entry entry;
  /** Nanoseconds without an event after which a stream is cut; 0: off. */
  private long idleNanos;
  private volatile long lastEvent;
  /** No read waits on the model (the caller holds it back): the idle cut does not run. */
  private volatile boolean paused;
  // guarded by this
  private Scheduler.Cancellable task;
  private ChatStream stream;
  private boolean done;
  private boolean fired;
  private boolean firedIdle;
  private boolean interrupted;

  private AttemptTimer(Scheduler scheduler, Cuts cuts, Thread thread, Runnable onCut, long at) {
    this.scheduler = scheduler;
    this.cuts = cuts;
    this.thread = thread;
    this.onCut = onCut;
    this.at = at;
  }

  /**
   * Cuts the calling thread's attempt at {@code at} (the scheduler's time). {@code shared}: served by the router's
   * one pending wake-up (short blocking calls, where a schedule per call would cost more than the call's routing);
   * else with its own scheduled task, gone when disarmed (streams, which live long and are few).
   */
  static AttemptTimer blocking(Settings s, long now, long at, boolean shared) {
    AttemptTimer t = new AttemptTimer(s.scheduler, shared ? s.cuts : null, Thread.currentThread(), null, at);
    synchronized (t) {
      if (shared) t.entry = s.cuts.add(t, at);
      else t.task = s.scheduler.schedule(at - now, () -> t.fire(t.at));
    }
    return t;
  }

  /** Runs {@code onCut} at {@code at} (the scheduler's time) unless disarmed first. */
  static AttemptTimer calling(Settings s, long now, long at, Runnable onCut) {
    AttemptTimer t = new AttemptTimer(s.scheduler, null, null, onCut, at);
    synchronized (t) {
      t.task = s.scheduler.schedule(at - now, () -> t.fire(t.at));
    }
    return t;
  }

  /** The model's stream is open: from now on a blocking cut closes it (at once if the time is already up). */
  void attach(ChatStream s) {
    boolean late;
    synchronized (this) {
      stream = s;
      late = fired;
    }
    if (late) s.close();
  }

  /**
   * Moves the cut to {@code newAt} (first token seen: the attempt's budget bounds the rest) and, if
   * {@code idleNanos > 0}, also cuts when no {@linkplain #touch event} came for that long.
   */
  void moveTo(long now, long newAt, long idleNanos) {
    synchronized (this) {
      if (done) return;
      this.idleNanos = idleNanos;
      this.lastEvent = now;
      at = newAt;
      if (cuts != null) {
        cuts.remove(entry);
        entry = cuts.add(this, effectiveAt());
        return;
      }
      if (task != null) task.cancel();
      task = scheduler.schedule(effectiveAt() - now, () -> fire(at));
    }
  }

  /** A stream event arrived: the idle cut starts again from {@code now}. Cheap: a volatile write. */
  void touch(long now) {
    if (idleNanos > 0) lastEvent = now;
  }

  /**
   * Whether the router is waiting on the model ({@code true}: a read is in progress) or the caller holds the model
   * back ({@code false}: only the model's silence while it is waited for counts as idle).
   */
  void waiting(boolean onModel, long now) {
    if (idleNanos <= 0) return;
    lastEvent = now;
    paused = !onModel;
  }

  private long effectiveAt() {
    if (idleNanos <= 0) return at;
    long idle = lastEvent + idleNanos;
    return idle - at < 0 ? idle : at;
  }

  /** {@link Cuts} found {@code e} due. */
  private void due(Cuts.Entry e) {
    synchronized (this) {
      if (entry != e) return; // moved or disarmed meanwhile
      entry = null;
    }
    fire(e.at);
  }

  /** Called when the scheduled time {@code scheduledFor} came (or by {@link Cuts} when due). */
  private void fire(long scheduledFor) {
    ChatStream s = null;
    Runnable callback = null;
    synchronized (this) {
      if (done) return;
      long now = scheduler.nanoTime();
      if (paused && idleNanos > 0) lastEvent = now; // not waiting on the model: its silence is not idleness
      long due = effectiveAt();
      if (due - now > 0) { // an event came meanwhile (idle cut) or the cut moved later: wait again
        if (cuts == null) task = scheduler.schedule(due - now, () -> fire(due));
        else entry = cuts.add(this, due);
        return;
      }
      firedIdle = idleNanos > 0 && due != at;
      done = true;
      fired = true;
      if (onCut != null) {
        callback = onCut;
      } else if (stream != null) {
        s = stream;
      } else {
        interrupted = true;
        thread.interrupt(); // under the lock, so disarm() finds it delivered and clears it
      }
    }
    if (s != null) s.close();
    if (callback != null) callback.run();
  }

  /** True if the cut happened (the stream is closed or being closed, the callback ran or runs). */
  synchronized boolean fired() {
    return fired;
  }

  /** True if it fired because the stream was idle for longer than the idle timeout. */
  synchronized boolean firedIdle() {
    return firedIdle;
  }

  /**
   * Stops it; returns true if it fired. An interrupt it caused is cleared, so a blocking attempt calls this on its
   * own thread, in a {@code finally}.
   */
  boolean disarm() {
    synchronized (this) {
      if (!done) {
        done = true;
        stop();
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
      stop();
    }
  }

  /** Called with the lock held. */
  private void stop() {
    if (cuts != null) {
      if (entry != null) cuts.remove(entry);
      entry = null;
    } else if (task != null) {
      task.cancel();
    }
    task = null;
  }

  /**
   * The armed blocking timers of one router, sorted by due time, and the one scheduled wake-up that serves them:
   * arming schedules a wake-up only when it is due before the pending one.
   */
  static final class Cuts {
    private static final long NONE = Long.MIN_VALUE;
    private static final AtomicLong SEQ = new AtomicLong();

    /** One armed timer at one due time; immutable, so the sorted set's order never changes under it. */
    static final class Entry implements Comparable<Entry> {
      final long at;
      final long seq = SEQ.incrementAndGet();
      final AttemptTimer timer;

      Entry(long at, AttemptTimer timer) {
        this.at = at;
        this.timer = timer;
      }

      @Override
      public int compareTo(Entry o) {
        int c = Long.compare(at - o.at, 0);
        return c != 0 ? c : Long.compare(seq, o.seq);
      }
    }

    private final Scheduler scheduler;
    private final ConcurrentSkipListSet<Entry> armed = new ConcurrentSkipListSet<>();
    /** When the pending wake-up runs; {@link #NONE} if none is pending. */
    private final AtomicLong wakeAt = new AtomicLong(NONE);

    Cuts(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    Entry add(AttemptTimer t, long at) {
      Entry e = new Entry(at, t);
      armed.add(e);
      ensureWakeBy(at);
      return e;
    }

    void remove(Entry e) {
      armed.remove(e);
    }

    private void ensureWakeBy(long due) {
      while (true) {
        long w = wakeAt.get();
        if (w != NONE && w - due <= 0) return; // a wake-up at or before it is pending
        if (wakeAt.compareAndSet(w, due)) {
          scheduler.schedule(due - scheduler.nanoTime(), () -> wake(due));
          return;
        }
      }
    }

    private void wake(long scheduledFor) {
      wakeAt.compareAndSet(scheduledFor, NONE);
      long now = scheduler.nanoTime();
      while (true) {
        Entry first = armed.pollFirst();
        if (first == null) return; // idle: the next attempt schedules again
        if (first.at - now > 0) {
          armed.add(first);
          ensureWakeBy(first.at);
          return;
        }
        first.timer.due(first);
      }
    }
  }
}
