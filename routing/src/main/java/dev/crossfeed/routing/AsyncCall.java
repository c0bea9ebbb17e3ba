package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a routed call without blocking: attempts through the members' {@code chatAsync} or {@code streamAsync},
 * timers on the router's {@link Scheduler} for the deadline, attempt and first-token timeouts, backoffs and hedges.
 * Serves {@code chatAsync}, {@code streamAsync}, and hedged {@code chat} and {@code stream}.
 *
 * <p>A stream commits to the first attempt that delivers a content event (or completes): until then attempts may
 * fail over or race as hedges, and their non-content events are held back; after that only the winner's events
 * reach the caller and a failure is {@link Failure#STREAM_INTERRUPTED} with what the caller received (the model's own
 * partial response when it attached one, else assembled from the {@link Delivered} events).
 *
 * <p>All state is guarded by this object's monitor, also while calling the caller's {@link StreamListener} so its
 * methods run one at a time and in order; the returned future is completed outside the monitor.
 */
final class AsyncCall {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Settings s;
  private final Scheduler clock;
  private final CallPlan plan;
  /** The caller's listener for streams; null for chat. */
  private final StreamListener out;
  /** The blocking stream {@code out} is, for back-pressure; null otherwise. */
  private final QueueStream queue;
  final CompletableFuture<ChatResponse> result = new CompletableFuture<>();
  private final List<Running> running = new ArrayList<>(2);
  private Scheduler.Cancellable deadlineTimer;
  private Scheduler.Cancellable waitTimer;
  private Scheduler.Cancellable hedgeTimer;
  private boolean done;
  private boolean launching;
  private Running winner;
  private Delivered delivered;
  private int hedges;
  /**
   * User callbacks (stream listener, router listeners) and the future's completion, decided under the lock and run
   * after it is released, in order, by one thread at a time: no user code runs under the call's lock, and a slow
   * callback never holds up the call's timers. Guarded by this.
   */
  private final ArrayDeque<Runnable> outbox = new ArrayDeque<>();
  /** How long the deadline waits for a running user callback before failing the future without it. */
  private static final long CALLBACK_GRACE_NANOS = 100_000_000;
  private boolean draining;
  /** The caller's stream listener threw: it is told nothing more. */
  private volatile boolean listenerGone;
  /** A failure the future gets at once, ahead of queued callbacks (the deadline); guarded by this. */
  private ChatModelException failNow;
  /** The failure the call ended with; guarded by this. */
  private ChatModelException endedWith;

  AsyncCall(Router router, ChatRequest request, StreamListener out) {
    this.s = router.settings;
    this.clock = s.scheduler;
    this.out = out;
    this.queue = out instanceof QueueStream ? (QueueStream) out : null;
    this.plan = new CallPlan(router, request, out != null, clock.nanoTime());
    plan.deferEvents(outbox::add);
  }

  CompletableFuture<ChatResponse> start() {
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) cancelled();
        });
    synchronized (this) {
      deadlineTimer = clock.schedule(plan.deadline - plan.start, this::onDeadline);
      advance(plan.start);
    }
    complete();
    return result;
  }

  /**
   * Runs what the outbox holds outside the monitor, unless another thread is already doing so (it runs what was
   * added meanwhile too). A deadline's failure completes the future first, whatever a callback is doing.
   */
  private void complete() {
    if (Thread.holdsLock(this)) return; // nested in another entry point, which completes on its way out
    ChatModelException now;
    synchronized (this) {
      now = failNow;
      failNow = null;
      if (now != null && draining) { // a callback is running: give it a moment to return, then fail regardless
        long until = System.nanoTime() + CALLBACK_GRACE_NANOS;
        try {
          for (long left = CALLBACK_GRACE_NANOS; draining && left > 0; left = until - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (!draining) now = null; // it returned: the listener hears onError before the future fails, as usual
      } else {
        now = null;
      }
    }
    if (now != null) result.completeExceptionally(now);
    while (true) {
      Runnable next;
      synchronized (this) {
        if (draining) return;
        next = outbox.poll();
        if (next == null) return;
        draining = true;
      }
      try {
        next.run();
      } finally {
        synchronized (this) {
          draining = false;
          notifyAll();
        }
      }
    }
  }

  /** The caller's stream listener threw: the call ends with that exception and the listener hears nothing more. */
  private void listenerThrew(RuntimeException ex) {
    listenerGone = true;
    synchronized (this) {
      if (!done) {
        done = true;
        cancelTimers();
        long now = clock.nanoTime();
        for (Running r : running) r.abandon(Failure.CANCELLED, now);
        running.clear();
      }
      plan.finalError(ChatModelException.builder(Failure.CANCELLED).detail("the stream listener threw").cause(ex).build());
    }
    result.completeExceptionally(ex);
  }

  /** Starts attempts until one is in flight, a wait is scheduled, or the call ends. */
  private void advance(long now) {
    while (!done && running.isEmpty()) {
      Decision d = plan.next(now);
      if (d instanceof Decision.GiveUp) {
        fail(((Decision.GiveUp) d).failure(), now);
        return;
      }
      if (d instanceof Decision.Wait) {
        Decision.Wait w = (Decision.Wait) d;
        plan.waiting(w, now);
        waitTimer = clock.schedule(w.until() - now, this::onWait);
        return;
      }
      launch((Decision.Attempt) d, false, now);
      now = clock.nanoTime();
    }
  }

  private void launch(Decision.Attempt a, boolean hedged, long now) {
    CallSlot slot = plan.begin(a, hedged, now);
    Member m = plan.member(a.index());
    long budget = plan.attemptBudget(now);
    Running r = new Running(slot, m, budget);
    running.add(r);
    long first = out != null && s.firstTokenTimeout > 0 ? Math.min(s.firstTokenTimeout, budget) : budget;
    r.waitingForFirstToken = first < budget;
    r.timer = AttemptTimer.calling(s, now, now + first, () -> onAttemptTimeout(r));
    if (s.hedgeAfter > 0 && hedges < s.maxHedges) {
      if (hedgeTimer != null) hedgeTimer.cancel();
      hedgeTimer = clock.schedule(s.hedgeAfter, this::onHedge);
    }
    launching = true;
    try {
      CompletableFuture<ChatResponse> f;
      try {
        ChatRequest req = plan.requestFor(budget);
        f = out != null ? m.chat.streamAsync(req, r) : m.chat.chatAsync(req);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          r.abandon(Failure.CANCELLED, now);
          running.remove(r);
          throw t;
        }
        f = CompletableFuture.failedFuture(t);
      }
      r.future = f;
      if (r.ended) f.cancel(true); // already decided while starting (e.g. a hedge loser); stop it
      f.whenComplete(r);
    } finally {
      launching = false;
    }
  }

  private void onWait() {
    synchronized (this) {
      waitTimer = null;
      if (!done) advance(clock.nanoTime());
    }
    complete();
  }

  private void onHedge() {
    synchronized (this) {
      hedgeTimer = null;
      if (done || winner != null || running.isEmpty()) return;
      long now = clock.nanoTime();
      Decision.Attempt h = plan.hedge(now);
      if (h == null) return;
      hedges++;
      String slow = running.get(running.size() - 1).member.name;
      String hedge = plan.member(h.index()).name;
      outbox.add(() -> s.events.hedgeStarted(plan.call, slow, hedge));
      launch(h, true, now);
      if (!done && running.isEmpty()) advance(clock.nanoTime());
    }
    complete();
  }

  private void onAttemptTimeout(Running r) {
    synchronized (this) {
      if (r.ended || done) return;
      long now = clock.nanoTime();
      boolean firstToken = r.waitingForFirstToken;
      String what;
      if (firstToken) what = "no first token within the first-token timeout";
      else if (r.timer.firedIdle()) what = "no event within the stream idle timeout";
      else if (r.budget == plan.deadline - r.startedAt) what = "the call's deadline passed";
      else what = "no answer within the attempt timeout";
      ChatModelException e = RoutingErrors.timeout(r.member, now - r.startedAt, what, null);
      r.end();
      if (winner == r) interrupted(r, e, now, !r.timer.firedIdle());
      else failed(r, e, now);
    }
    complete();
  }

  private void onDeadline() {
    synchronized (this) {
      deadlineTimer = null;
      if (done) return;
      long now = clock.nanoTime();
      Running w = winner;
      if (w != null && !w.ended) {
        w.end();
        interrupted(w, RoutingErrors.timeout(w.member, now - plan.start, "the call's deadline passed", null), now, true);
      } else if (running.isEmpty()) {
        // waiting for a retry when the deadline came: end as the blocking driver does, with the plan's last failure
        fail(((Decision.GiveUp) plan.next(now)).failure(), now);
      } else {
        Member only = running.size() == 1 ? running.get(0).member : null;
        for (Running r : running) r.abandon(Failure.TIMEOUT, now);
        running.clear();
        fail(RoutingErrors.timeout(only, now - plan.start, "the call's deadline passed", null), now);
      }
      failNow = endedWith; // the future holds to the deadline even while a slow callback runs; onError follows it
    }
    complete();
  }

  /** The caller cancelled the future: stop everything, quietly. */
  private void cancelled() {
    synchronized (this) {
      if (done) return;
      done = true;
      cancelTimers();
      long now = clock.nanoTime();
      for (Running r : running) r.abandon(Failure.CANCELLED, now);
      running.clear();
      plan.finalError(RoutingErrors.cancelled("the caller cancelled the call")); // tells the listeners
    }
    complete();
  }

  private void cancelTimers() {
    if (deadlineTimer != null) deadlineTimer.cancel();
    if (waitTimer != null) waitTimer.cancel();
    if (hedgeTimer != null) hedgeTimer.cancel();
    deadlineTimer = waitTimer = hedgeTimer = null;
  }

  /** An attempt failed before the stream committed (or a chat attempt failed): apply the failure table. */
  private void failed(Running r, ChatModelException e, long now) {
    if (plan.failed(r.slot, e, now)) {
      fail(e, now);
    } else if (!launching) {
      advance(now);
    }
  }

  /** The committed stream broke after content reached the caller. */
  private void interrupted(Running r, ChatModelException e, long now, boolean neutral) {
    ChatModelException si = delivered.interrupted(e, r.member);
    plan.failed(r.slot, si, now, neutral);
    fail(si, now);
  }

  /** Ends the call with {@code e}: stops what still runs, tells the stream listener, fails the future. */
  private void fail(ChatModelException e, long now) {
    if (done) return;
    done = true;
    cancelTimers();
    for (Running r : running) r.abandon(Failure.CANCELLED, now);
    running.clear();
    ChatModelException traced = plan.finalError(e);
    endedWith = traced;
    if (out != null) {
      outbox.add(
          () -> {
            if (listenerGone) return;
            try {
              out.onError(traced);
            } catch (RuntimeException ex) {
              log.warn("route {}: StreamListener.onError threw; ignored", s.route, ex);
            }
          });
    }
    outbox.add(() -> result.completeExceptionally(traced));
  }

  /** A chat attempt answered: hedges lose (and enter the trace), then the answer is decorated. */
  private void answered(Running r, ChatResponse response, long now) {
    for (Running o : running) o.abandon(Failure.CANCELLED, now);
    running.clear();
    succeed(plan.succeeded(r.slot, response, now));
  }

  private void succeed(ChatResponse r) {
    done = true;
    cancelTimers();
    outbox.add(
        () -> {
          if (listenerGone) return; // the future already has what the listener threw
          if (out != null) {
            try {
              out.onComplete(r);
            } catch (RuntimeException ex) {
              result.completeExceptionally(ex); // once: with what the listener threw
              return;
            }
          }
          result.complete(r);
        });
  }

  /** Commits the stream to {@code r}: hedges lose, held-back events flow. */
  private void commit(Running r, long now) {
    winner = r;
    plan.firstToken(r.slot, now);
    if (hedgeTimer != null) {
      hedgeTimer.cancel();
      hedgeTimer = null;
    }
    for (Running o : running) if (o != r) o.abandon(Failure.CANCELLED, now);
    running.clear();
    running.add(r);
    if (r.waitingForFirstToken || s.streamIdleTimeout > 0) {
      r.waitingForFirstToken = false;
      r.timer.moveTo(now, r.startedAt + r.budget, s.streamIdleTimeout);
    }
    delivered = new Delivered();
    List<StreamEvent> held = r.held;
    r.held = null;
    if (held != null) for (StreamEvent e : held) emit(e);
  }

  /** Queues one event for the caller; if the caller's listener throws, the call ends with that exception. */
  private void emit(StreamEvent e) {
    delivered.accept(e);
    outbox.add(
        () -> {
          if (listenerGone) return;
          try {
            out.onEvent(e);
          } catch (RuntimeException ex) {
            listenerThrew(ex);
          }
        });
  }

  private void completedStream(Running r, ChatResponse response, long now) {
    if (winner == null) commit(r, now);
    if (done) return;
    r.ended = true; // the member's future completes on its own once Completed is out
    running.remove(r);
    r.timer.cancel();
    ChatResponse decorated = plan.succeeded(r.slot, response, now);
    emit(new StreamEvent.Completed(decorated));
    succeed(decorated);
  }

  /** One attempt in flight: the member's future, its timer, and (for streams) its events. */
  private final class Running implements BiConsumer<ChatResponse, Throwable>, StreamListener {
    final CallSlot slot;
    final int index;
    final Member member;
    final long startedAt;
    final long budget;
    CompletableFuture<ChatResponse> future;
    AttemptTimer timer;
    boolean waitingForFirstToken;
    boolean ended;
    List<StreamEvent> held;

    Running(CallSlot slot, Member member, long budget) {
      this.slot = slot;
      this.index = slot.index;
      this.member = member;
      this.startedAt = slot.startedAt;
      this.budget = budget;
    }

    /** Marks this attempt over (later callbacks are ignored) and stops its timer and call. */
    void end() {
      ended = true;
      running.remove(this);
      if (timer != null) timer.cancel();
      CompletableFuture<ChatResponse> f = future;
      if (f != null && !f.isDone()) f.cancel(true);
    }

    /** Ended by the router (hedge loser, deadline, call over): recorded as {@code as}. */
    void abandon(Failure as, long now) {
      if (ended) return;
      ended = true;
      if (timer != null) timer.cancel();
      plan.abandoned(slot, as, now);
      CompletableFuture<ChatResponse> f = future;
      if (f != null && !f.isDone()) f.cancel(true);
    }

    @Override
    public void accept(ChatResponse response, Throwable error) {
      synchronized (AsyncCall.this) {
        if (ended || done) return;
        long now = clock.nanoTime();
        ended = true;
        running.remove(this);
        if (timer != null) timer.cancel();
        if (error == null && response != null) {
          if (out != null) {
            completedStream(this, response, now); // a stream that ended without a Completed event
          } else if (plan.isFilteredAnswer(index, response)) {
            failed(this, plan.filteredAnswer(index, response), now);
          } else {
            answered(this, response, now);
          }
        } else {
          ChatModelException e = RoutingErrors.fromMember(member, error);
          if (winner == this) interrupted(this, e, now, false);
          else failed(this, e, now);
        }
      }
      complete();
    }


    @Override
    public void onEvent(StreamEvent e) {
      // a slow reader holds the model back; never while holding the monitor (a model that calls back synchronously
      // from streamAsync, as the router starts it, would wait for a reader that cannot read yet)
      AttemptTimer t = s.streamIdleTimeout > 0 ? timer : null;
      if (queue != null && !Thread.holdsLock(AsyncCall.this)) {
        if (t != null) t.waiting(false, clock.nanoTime()); // the reader holds the model back: not idle
        queue.awaitRoom();
        if (t != null) t.waiting(true, clock.nanoTime());
      } else if (t != null) {
        t.touch(clock.nanoTime());
      }
      synchronized (AsyncCall.this) {
        if (ended || done) return;
        long now = clock.nanoTime();
        if (e instanceof StreamEvent.Completed) {
          ChatResponse response = ((StreamEvent.Completed) e).response();
          if (winner == null && plan.isFilteredAnswer(index, response)) {
            end();
            failed(this, plan.filteredAnswer(index, response), now);
          } else {
            completedStream(this, response, now);
          }
        } else if (winner == this) {
          emit(e);
        } else if (winner == null) {
          if (e.isContent()) {
            commit(this, now);
            if (!done) emit(e);
          } else {
            if (held == null) held = new ArrayList<>(2);
            held.add(e);
          }
        }
      }
      complete();
    }
  }
}
