package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import java.util.List;

/**
 * Runs a blocking routed call on the caller's thread: one attempt after another, sleeping on the router's
 * {@link Scheduler} between them, each attempt bounded by a blocking {@link AttemptTimer}. This is the fast path
 * (no thread hop) used by {@code chat} and {@code embed} when hedging is off.
 */
final class SyncCall {
  /** What one attempt does and how its result is accepted. */
  interface Kind<T> {
    T call(CallPlan plan, Member m, long budgetNanos);

    /**
     * Accepts a result and returns what the caller gets.
     *
     * @throws ChatModelException to count the attempt as failed instead (a filtered answer)
     */
    T accept(CallPlan plan, CallSlot slot, T value, long now);
  }

  static final Kind<ChatResponse> CHAT =
      new Kind<>() {
        @Override
        public ChatResponse call(CallPlan plan, Member m, long budgetNanos) {
          return m.chat.chat(plan.requestFor(budgetNanos));
        }

        @Override
        public ChatResponse accept(CallPlan plan, CallSlot slot, ChatResponse r, long now) {
          if (plan.isFilteredAnswer(slot.index, r)) throw plan.filteredAnswer(slot.index, r);
          return plan.succeeded(slot, r, now);
        }
      };

  static final class Embed implements Kind<EmbeddingResponse> {
    private final List<String> inputs;

    Embed(List<String> inputs) {
      this.inputs = inputs;
    }

    @Override
    public EmbeddingResponse call(CallPlan plan, Member m, long budgetNanos) {
      return m.embedder.embed(inputs);
    }

    @Override
    public EmbeddingResponse accept(CallPlan plan, CallSlot slot, EmbeddingResponse r, long now) {
      plan.succeeded(slot, r, now);
      return r;
    }
  }

  private SyncCall() {}

  static <T> T run(Router router, ChatRequest request, Kind<T> kind) {
    Settings s = router.settings;
    Scheduler clock = s.scheduler;
    CallPlan plan = new CallPlan(router, request, false, clock.nanoTime());
    while (true) {
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
      Decision.Attempt a = (Decision.Attempt) d;
      Member m = plan.member(a.index());
      CallSlot slot = plan.begin(a, false, now);
      long budget = plan.attemptBudget(now);
      AttemptTimer dog = AttemptTimer.blocking(s, now, now + budget, true);
      T value = null;
      ChatModelException error = null;
      boolean fired;
      try {
        value = kind.call(plan, m, budget);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          plan.abandoned(slot, Failure.CANCELLED, clock.nanoTime());
          throw t;
        }
        error = RoutingErrors.fromMember(m, t);
      } finally {
        fired = dog.disarm();
      }
      long end = clock.nanoTime();
      if (error == null) {
        try {
          return kind.accept(plan, slot, value, end);
        } catch (ChatModelException filtered) {
          error = filtered;
        }
      } else if (fired) {
        error = RoutingErrors.timeout(m, budget, budget == plan.deadline - now ? "the call's deadline passed" : "no answer within the attempt timeout", error);
      } else if (Thread.currentThread().isInterrupted() && error.failure() != Failure.CANCELLED) {
        error = error.toBuilder(Failure.CANCELLED).detail("interrupted by the caller").cause(error).build();
      }
      if (plan.failed(slot, error, end)) throw plan.finalError(error);
    }
  }
}
