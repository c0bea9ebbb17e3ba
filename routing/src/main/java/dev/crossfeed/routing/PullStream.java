package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.spi.AbstractChatStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The blocking {@link ChatStream} of a routed stream without hedging: the models' own blocking streams are read on
 * the caller's thread, so a routed stream costs no thread, no queue and no hand-over per event, and reads from the
 * model only as far as the caller has read (nothing is buffered).
 *
 * <p>{@link #start()} runs attempts until one delivers its first content event (or completes): until then a failure
 * fails over, and the attempt's non-content events are held back (and dropped if it fails). After that only this
 * attempt's events reach the caller, and a failure is {@link Failure#STREAM_INTERRUPTED} with what the caller
 * received. A blocking {@link AttemptTimer} bounds each attempt (the first-token timeout, then the attempt's budget) by closing the
 * model's stream from the timer thread; the attempt then counts as a TIMEOUT. Health, listener events, the route
 * trace and cost are recorded through the {@link CallPlan} exactly as on the other paths.
 *
 * <p>{@link #close()} may be called from any thread and cancels a read in progress; the rest from one thread at a
 * time. After {@link #start()}, the end of the attempt is recorded under this object's monitor, so a close racing
 * the reader records it once.
 */
final class PullStream implements ChatStream {
  private final Scheduler clock;
  private final Settings s;
  private final CallPlan plan;
  private final Delivered delivered = new Delivered();
  private volatile boolean closed;
  // the committed attempt
  private Member member;
  private CallSlot slot;
  private ChatStream source;
  private Iterator<StreamEvent> events;
  private AttemptTimer cutoff;
  private String cutoffWhat;
  /** The committed attempt is still running (not yet recorded in the plan); guarded by this. */
  private boolean open;
  // the caller's side
  /** Events of the committed attempt read by {@link #start()}, not yet handed out (held back ones, the first). */
  private ArrayDeque<StreamEvent> ready;
  private boolean iterated;
  private boolean finished;
  private StreamEvent buffered;
  private ChatResponse completed;

  PullStream(Router router, ChatRequest request) {
    this.s = router.settings;
    this.clock = s.scheduler;
    this.plan = new CallPlan(router, request, true, clock.nanoTime());
  }

  /**
   * Routes until an attempt delivered its first content event or completed, on the calling thread.
   *
   * @throws ChatModelException if no model could start the stream, with the route trace
   */
  void start() {
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw plan.finalError(RoutingErrors.cancelled("interrupted while waiting for the stream to start"));
      }
      long now = clock.nanoTime();
      Decision d = plan.next(now);
      if (d instanceof Decision.GiveUp) throw ((Decision.GiveUp) d).failure();
      if (d instanceof Decision.Wait) {
        Decision.Wait w = (Decision.Wait) d;
        plan.waiting(w, now);
        try {
          clock.sleep(w.until() - now);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw plan.finalError(RoutingErrors.cancelled("interrupted while waiting to retry"));
        }
        continue;
      }
      if (attempt((Decision.Attempt) d, now)) return;
    }
  }

  /** One attempt: true if it committed, false if it failed and the call goes on; throws if it ends the call. */
  private boolean attempt(Decision.Attempt a, long now) {
    int i = a.index();
    CallSlot sl = plan.begin(a, false, now);
    Member m = plan.member(i);
    long budget = plan.attemptBudget(now);
    boolean firstToken = s.firstTokenTimeout > 0 && s.firstTokenTimeout < budget;
    String what = budget == plan.deadline - now ? "the call's deadline passed" : "no answer within the attempt timeout";
    String firstWhat = firstToken ? "no first token within the first-token timeout" : what;
    AttemptTimer cut = AttemptTimer.blocking(s, now, now + (firstToken ? s.firstTokenTimeout : budget), false);
    ChatStream src = null;
    ChatModelException error;
    boolean filtered = false;
    try {
      src = m.chat.stream(plan.requestFor(budget));
      cut.attach(src);
      Iterator<StreamEvent> it = src.iterator();
      ArrayDeque<StreamEvent> held = null;
      while (true) {
        StreamEvent e = it.hasNext() ? it.next() : endOf(src, m);
        boolean end = e instanceof StreamEvent.Completed;
        if (!end && !e.isContent()) {
          if (held == null) held = new ArrayDeque<>(4);
          held.add(e);
          continue;
        }
        ChatResponse response = end ? ((StreamEvent.Completed) e).response() : null;
        if (end && plan.isFilteredAnswer(i, response)) {
          error = plan.filteredAnswer(i, response);
          filtered = true;
          break;
        }
        if (firstToken ? cut.disarm() : cut.fired()) {
          error = RoutingErrors.timeout(m, clock.nanoTime() - sl.startedAt, firstWhat, null);
          break;
        }
        commit(sl, m, budget, src, it, firstToken ? null : cut, what, held, e);
        return true;
      }
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        cut.disarm();
        closeQuietly(src);
        plan.abandoned(sl, Failure.CANCELLED, clock.nanoTime());
        throw t;
      }
      error = RoutingErrors.fromMember(m, t);
    }
    closeQuietly(src);
    boolean fired = cut.disarm();
    long end = clock.nanoTime();
    if (fired && !filtered) {
      error = RoutingErrors.timeout(m, end - sl.startedAt, firstWhat, null);
    } else if (Thread.currentThread().isInterrupted() && error.failure() != Failure.CANCELLED) {
      error = error.toBuilder(Failure.CANCELLED).detail("interrupted by the caller").cause(error).build();
    }
    if (plan.failed(sl, error, end)) throw plan.finalError(error);
    return false;
  }

  /** The attempt delivered {@code first} (content, or the end): it is the one the caller reads from now on. */
  private void commit(
      CallSlot sl, Member m, long budget, ChatStream src, Iterator<StreamEvent> it, AttemptTimer cut, String what,
      ArrayDeque<StreamEvent> held, StreamEvent first) {
    long now = clock.nanoTime();
    plan.firstToken(sl, now);
    member = m;
    slot = sl;
    source = src;
    if (src instanceof AbstractChatStream) delivered.untracked();
    events = it;
    ready = held != null ? held : new ArrayDeque<>(1);
    if (first instanceof StreamEvent.Completed) {
      if (cut != null) cut.disarm();
      src.close();
      completed = plan.succeeded(sl, ((StreamEvent.Completed) first).response(), now);
      ready.add(new StreamEvent.Completed(completed));
      finished = true; // once the ready events are out
      return;
    }
    ready.add(first);
    cutoffWhat = what;
    if (cut == null) { // it bounded the first token: the attempt's budget bounds the rest
      cut = AttemptTimer.blocking(s, now, sl.startedAt + budget, false);
      cut.attach(src);
    }
    if (s.streamIdleTimeout > 0) {
      cut.moveTo(now, sl.startedAt + budget, s.streamIdleTimeout);
      cut.waiting(false, now); // the caller has not asked for the next event yet
    }
    cutoff = cut;
    open = true;
  }

  private static StreamEvent endOf(ChatStream src, Member m) {
    ChatResponse r = src.response();
    if (r == null) throw RoutingErrors.unexpected(m, new IllegalStateException("stream ended without a response"));
    return new StreamEvent.Completed(r);
  }

  private static void closeQuietly(ChatStream src) {
    if (src == null) return;
    try {
      src.close();
    } catch (Exception ignored) {
      // a broken close must not hide the failure being handled
    }
  }

  @Override
  public Iterator<StreamEvent> iterator() {
    if (iterated) throw new IllegalStateException("a ChatStream can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return fill();
      }

      @Override
      public StreamEvent next() {
        if (!fill()) throw new NoSuchElementException();
        StreamEvent e = buffered;
        buffered = null;
        return e;
      }
    };
  }

  private boolean fill() {
    if (buffered != null) return true;
    if (ready != null) {
      StreamEvent e = ready.poll();
      if (e != null) {
        if (!(e instanceof StreamEvent.Completed)) delivered.accept(e);
        buffered = e;
        return true;
      }
      ready = null;
    }
    if (finished) return false;
    if (closed) throw cancelled("stream closed by caller");
    if (Thread.currentThread().isInterrupted()) {
      close();
      throw cancelled("interrupted while reading the stream");
    }
    StreamEvent e;
    AttemptTimer cut = cutoff;
    try {
      if (s.streamIdleTimeout > 0) cut.waiting(true, clock.nanoTime());
      e = events.hasNext() ? events.next() : endOf(source, member);
      if (s.streamIdleTimeout > 0) cut.waiting(false, clock.nanoTime());
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        close();
        throw t;
      }
      throw broken(RoutingErrors.fromMember(member, t));
    }
    if (e instanceof StreamEvent.Completed) {
      e = new StreamEvent.Completed(succeeded(((StreamEvent.Completed) e).response()));
    } else {
      delivered.accept(e);
    }
    buffered = e;
    return true;
  }

  private synchronized ChatModelException cancelled(String detail) {
    finished = true;
    return plan.finalError(RoutingErrors.cancelled(detail));
  }

  private ChatResponse succeeded(ChatResponse response) {
    synchronized (this) {
      if (!open) throw cancelled("stream closed by caller"); // closed as the end arrived: recorded as cancelled
      open = false;
      cutoff.cancel(); // a late cut changes nothing: the answer is complete
      completed = plan.succeeded(slot, response, clock.nanoTime());
      finished = true;
    }
    source.close();
    return completed;
  }

  /** The committed attempt failed after content reached the caller. */
  private ChatModelException broken(ChatModelException e) {
    ChatModelException out;
    synchronized (this) {
      if (!open) return cancelled("stream closed by caller");
      open = false;
      finished = true;
      boolean fired = cutoff.fired();
      boolean idle = cutoff.firedIdle();
      cutoff.cancel();
      long now = clock.nanoTime();
      if (!fired && Thread.currentThread().isInterrupted()) {
        plan.abandoned(slot, Failure.CANCELLED, now);
        out = plan.finalError(RoutingErrors.cancelled("interrupted while reading the stream"));
      } else {
        String what = idle ? "no event within the stream idle timeout" : cutoffWhat;
        ChatModelException cause = fired ? RoutingErrors.timeout(member, now - slot.startedAt, what, null) : e;
        if (fired && e.partialResponse().isPresent()) cause = cause.toBuilder().partialResponse(e.partialResponse().get()).build();
        ChatModelException si = delivered.interrupted(cause, member);
        plan.failed(slot, si, now, fired && !idle); // a cut the slow reader caused is not the model's fault
        out = plan.finalError(si);
      }
    }
    closeQuietly(source);
    return out;
  }

  @Override
  public ChatResponse response() {
    if (!iterated) {
      for (StreamEvent ignored : this) {
        // drain
      }
    } else {
      while (fill()) buffered = null;
    }
    if (completed == null) throw cancelled("stream closed by caller");
    return completed;
  }

  @Override
  public void close() {
    ChatStream src;
    synchronized (this) {
      if (closed) return;
      closed = true;
      if (cutoff != null) cutoff.cancel();
      if (open) {
        open = false;
        plan.abandoned(slot, Failure.CANCELLED, clock.nanoTime());
      }
      if (!finished) plan.finalError(RoutingErrors.cancelled("stream closed by caller")); // tells the listeners
      src = source;
    }
    closeQuietly(src);
  }
}
