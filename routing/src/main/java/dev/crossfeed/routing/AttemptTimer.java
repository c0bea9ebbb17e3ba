package dev.crossfeed.routing;

import dev.crossfeed.ChatStream;

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
 * <p>Blocking chat attempts share one scheduled task per router ({@link Cuts}): arming links the thread's reused
 * timer into the router's list and schedules nothing while an earlier wake-up is already pending, so a blocking call does not pay a timer
 * schedule, cancel and timer-thread wake-up each time; the wake-up finds the timers due and re-arms for the next
 * one. The list holds only armed timers, so nothing retains a finished call or its thread. Streams and
 * non-blocking attempts schedule their own task, cancelled when disarmed.
 */
final class AttemptTimer {
  private final Scheduler scheduler;
  private final Cuts cuts;
  /** The thread a blocking cut interrupts; cleared when a recycled shared timer is idle. Guarded by this. */
  private Thread thread;
  private final Runnable onCut;
  /** The hard bound (attempt budget, first token, deadline), on the scheduler's clock. Guarded by this. */
  private long at;
  // {@link #cuts}' intrusive list of armed timers: guarded by cuts
  private AttemptTimer prevArmed;
  private AttemptTimer nextArmed;
  private boolean linked;
  private long dueAt;

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
    if (!shared) {
      AttemptTimer t = new AttemptTimer(s.scheduler, null, Thread.currentThread(), null, at);
      synchronized (t) {
        t.task = s.scheduler.schedule(at - now, () -> t.fire(t.at));
      }
      return t;
    }
    // recycled through the router's own small pool: no allocation per call, and an idle timer holds no thread
    AttemptTimer t = s.cuts.obtain();
    if (t == null) t = new AttemptTimer(s.scheduler, s.cuts, null, null, at);
    synchronized (t) {
      t.thread = Thread.currentThread();
      t.at = at;
      t.idleNanos = 0;
      t.stream = null;
      t.done = false;
      t.fired = false;
      t.firedIdle = false;
      t.interrupted = false;
      s.cuts.add(t, at);
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
        cuts.add(this, effectiveAt());
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
        else cuts.add(this, due);
        return;
      }
      firedIdle = idleNanos > 0 && due != at;
      done = true;
      fired = true;
      if (onCut != null) {
        callback = onCut;
      } else if (stream != null) {
        s = stream;
      } else if (thread != null) {
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
    boolean fired;
    boolean clear;
    synchronized (this) {
      if (!done) {
        done = true;
        stop();
        fired = false;
        clear = false;
      } else {
        fired = this.fired;
        clear = interrupted;
        interrupted = false;
      }
      if (cuts != null) thread = null;
    }
    if (clear) Thread.interrupted();
    if (cuts != null) cuts.recycle(this);
    return fired;
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
      cuts.remove(this);
    } else if (task != null) {
      task.cancel();
    }
    task = null;
  }

  /**
   * The armed blocking timers of one router, in an intrusive list (no allocation to arm or disarm), and the one
   * scheduled wake-up that serves them: arming schedules a wake-up only when it is due before the pending one. The
   * wake-up scans the list (it runs about once per attempt budget), fires what is due and re-arms for the rest.
   */
  static final class Cuts {
    private static final long NONE = Long.MIN_VALUE;

    private final Scheduler scheduler;
    // guarded by this
    private AttemptTimer head;
    /** When the pending wake-up runs; {@link #NONE} if none is pending. */
    private long wakeAt = NONE;
    /** Disarmed timers for reuse, linked through nextArmed. */
    private AttemptTimer free;
    private int freeCount;

    Cuts(Scheduler scheduler) {
      this.scheduler = scheduler;
    }

    /** A recycled timer, or null. */
    synchronized AttemptTimer obtain() {
      AttemptTimer t = free;
      if (t != null) {
        free = t.nextArmed;
        t.nextArmed = null;
        freeCount--;
      }
      return t;
    }

    /** {@code t} was disarmed by its caller: keep it for the next attempt (a few, enough for the threads in calls). */
    synchronized void recycle(AttemptTimer t) {
      if (t.linked || freeCount >= 64) return;
      t.nextArmed = free;
      free = t;
      freeCount++;
    }

    /** Arms (or re-arms) {@code t} to be due at {@code due}. */
    void add(AttemptTimer t, long due) {
      boolean schedule = false;
      synchronized (this) {
        unlink(t);
        t.dueAt = due;
        t.nextArmed = head;
        if (head != null) head.prevArmed = t;
        head = t;
        t.linked = true;
        if (wakeAt == NONE || due - wakeAt < 0) {
          wakeAt = due;
          schedule = true;
        }
      }
      if (schedule) scheduler.schedule(due - scheduler.nanoTime(), () -> wake(due));
    }

    void remove(AttemptTimer t) {
      synchronized (this) {
        unlink(t);
      }
    }

    private void unlink(AttemptTimer t) {
      if (!t.linked) return;
      if (t.prevArmed != null) t.prevArmed.nextArmed = t.nextArmed;
      else head = t.nextArmed;
      if (t.nextArmed != null) t.nextArmed.prevArmed = t.prevArmed;
      t.prevArmed = null;
      t.nextArmed = null;
      t.linked = false;
    }

    private void wake(long scheduledFor) {
      java.util.List<AttemptTimer> due = null;
      long next = NONE;
      boolean schedule = false;
      synchronized (this) {
        if (wakeAt == scheduledFor) wakeAt = NONE;
        long now = scheduler.nanoTime();
        for (AttemptTimer t = head; t != null; ) {
          AttemptTimer after = t.nextArmed;
          if (t.dueAt - now <= 0) {
            unlink(t);
            if (due == null) due = new java.util.ArrayList<>(2);
            due.add(t);
          } else if (next == NONE || t.dueAt - next < 0) {
            next = t.dueAt;
          }
          t = after;
        }
        if (next != NONE && (wakeAt == NONE || next - wakeAt < 0)) {
          wakeAt = next;
          schedule = true;
        }
      }
      if (schedule) {
        long at = next;
        scheduler.schedule(at - scheduler.nanoTime(), () -> wake(at));
      }
      if (due != null) for (AttemptTimer t : due) t.fire(t.at);
    }
  }
}
