package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Cost;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.RateLimits;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The routing decisions of one call: which model to try next, whether to wait first, and when to give up. Drivers
 * ({@link SyncCall}, {@link AsyncCall}) perform the attempts and report their outcomes here; this class applies
 * the failure table ({@link FailureRules}), the health of each model and the call's deadline, and keeps the route
 * trace. Not thread-safe: a driver calls it from one thread at a time.
 *
 * <p>Selection: an untried, capable, healthy candidate in strategy order is tried at once ("move on rather than
 * sleep"); failing that, one with a rate-limit warning; failing that, the candidate that becomes ready soonest
 * (its backoff or Retry-After elapsed, its cooldown over) within the deadline, waiting for it. A model is tried at
 * most {@code maxAttempts} times (TIMEOUT: twice; failures that are never retried: once).
 */
final class CallPlan {
  private static final AtomicLong IDS = new AtomicLong();

  private final Router router;
  private final Settings s;
  final ChatRequest request;
  final boolean stream;
  /** NEEDS_* bits of the request; -1 for embeddings. */
  private final int needs;
  private final long estimatedInput;
  final long start;
  final long deadline;
  /** The call's identity for listener events; null when the router has no listener. */
  final CallInfo call;
  private final Member[] all;
  /** Regular candidates are all[0..n); a policy-only fallback may follow at n. */
  private final int n;
  private final int policyIndex;

  private int firstIndex = -1;
  private int[] attempts;
  private long[] readyAt;
  private Failure[] lastFailure;
  private boolean[] excluded;
  /** The model's last failure carried a Retry-After hint that was honoured. */
  private boolean[] hinted;
  private boolean reported;
  /** Where listener events go when the driver holds a lock while deciding (null: delivered at once). */
  private Consumer<Runnable> defer;
  /** Candidates the listeners were told were skipped (once per call); null until the first. */
  private boolean[] skipNotified;
  private long needWindowAbove = -1;
  private boolean policyOnly;
  private int total;
  private int lastIndex = -1;
  private ChatModelException lastError;
  private RouteTrace.Attempt firstAttempt;
  /** Attempts 2, 3, ... by start order. */
  private RouteTrace.Attempt[] later;
  private Cost billed = Cost.ZERO;
  private boolean billedUnknown;

  CallPlan(Router router, ChatRequest request, boolean stream, long now) {
    this.router = router;
    this.s = router.settings;
    this.request = request;
    this.stream = stream;
    this.start = now;
    long timeout = s.timeout;
    if (request != null && request.timeout().isPresent()) timeout = request.timeout().get().toNanos();
    this.deadline = now + timeout;
    if (request == null) {
      needs = -1;
      estimatedInput = 0;
    } else {
      needs = needsOf(request, stream);
      estimatedInput = router.anyContextWindow ? request.estimatedInputTokens() : 0;
    }
    Member[] cands = router.candidates;
    String pinned = request == null ? null : request.model().orElse(null);
    if (pinned != null) {
      Member m = router.member(pinned);
      cands = m == null ? new Member[0] : new Member[] {m};
    } else if (s.strategy != Strategy.FALLBACK) {
      cands = router.strategies.order(cands, request, estimatedInput, stream, s);
    }
    Member policy = router.policyFallback;
    int pi = -1;
    if (policy != null && pinned == null) {
      for (int i = 0; i < cands.length; i++) if (cands[i] == policy) pi = i;
    }
    n = cands.length;
    if (policy != null && pinned == null && pi < 0) {
      all = java.util.Arrays.copyOf(cands, n + 1);
      all[n] = policy;
      pi = n;
    } else {
      all = cands;
    }
    policyIndex = pi;
    if (s.events.active()) {
      CallInfo.Kind kind = request == null ? CallInfo.Kind.EMBEDDING : stream ? CallInfo.Kind.STREAM : CallInfo.Kind.CHAT;
      call = new CallInfo(s.route, IDS.incrementAndGet(), kind, request == null ? Map.of() : request.metadata());
      s.events.callStarted(call);
    } else {
      call = null;
    }
  }

  /**
   * Listener events are handed to {@code sink} instead of being delivered at once: the non-blocking driver decides
   * under its lock and delivers them after releasing it, so no user callback runs under the call's lock.
   */
  void deferEvents(Consumer<Runnable> sink) {
    this.defer = sink;
  }

  private void tell(Runnable event) {
    if (defer != null) defer.accept(event);
    else event.run();
  }

  private static int needsOf(ChatRequest r, boolean stream) {
    int needs = stream ? Member.NEEDS_STREAMING : 0;
    if (!r.tools().isEmpty()) needs |= Member.NEEDS_TOOLS;
    if (r.responseFormat().type() == ResponseFormat.Type.JSON_SCHEMA) needs |= Member.NEEDS_JSON_SCHEMA;
    if (r.hasImages()) needs |= Member.NEEDS_VISION;
    return needs;
  }

  Member member(int i) {
    return all[i];
  }

  int attemptsMade() {
    return total;
  }

  private int attemptsOn(int i) {
    if (attempts != null) return attempts[i];
    return i == firstIndex ? 1 : 0;
  }

  private void ensureState() {
    if (attempts != null) return;
    int m = all.length;
    attempts = new int[m];
    readyAt = new long[m];
    lastFailure = new Failure[m];
    excluded = new boolean[m];
    hinted = new boolean[m];
    if (firstIndex >= 0) attempts[firstIndex] = 1;
  }

  private boolean eligible(int i) {
    if (excluded != null && excluded[i]) return false;
    Member m = all[i];
    if (!m.capable(needs)) return false;
    if (estimatedInput > 0 && !m.fits(estimatedInput)) return false;
    if (policyOnly) return i == policyIndex;
    if (i >= n) return false;
    // after CONTEXT_LENGTH_EXCEEDED: only models not known to be smaller (an unknown window may be larger)
    return needWindowAbove < 0 || m.contextWindow == 0 || m.contextWindow > needWindowAbove;
  }

  /**
   * Decides what the call does next at {@code now}: an {@link Decision.Attempt} (the model's permit is taken), a
   * {@link Decision.Wait} (sleep until then and ask again) or a {@link Decision.GiveUp}.
   */
  Decision next(long now) {
    if (now - deadline >= 0) return new Decision.GiveUp(failure(now));
    boolean[] denied = null; // permits refused in this decision (a race with another call); rare, so lazy
    for (int round = 0; round <= all.length; round++) {
      int soft = -1;
      int waitIdx = -1;
      long waitAt = 0;
      for (int i = 0; i < all.length; i++) {
        if ((denied != null && denied[i]) || !eligible(i)) continue;
        Member m = all[i];
        int tried = attemptsOn(i);
        long at;
        if (tried == 0) {
          at = m.health.availableAt(now);
          if (at - now <= 0) {
            if (!policyOnly && m.health.softAvoided(now)) {
              skipped(i, now);
              if (soft < 0) soft = i;
              continue;
            }
            if (needWindowAbove >= 0 && m.contextWindow == 0) { // a known larger window first
              if (soft < 0) soft = i;
              continue;
            }
            Health.Permit p = m.health.tryAcquire(now);
            if (p != null) return new Decision.Attempt(i, p);
            if (denied == null) denied = new boolean[all.length];
            denied[i] = true;
            skipped(i, now);
            continue;
          }
          skipped(i, now);
          // wait only for a Retry-After cooldown within the cap; an open circuit or a long cooldown is skipped
          if (!m.health.waitable(now) || at - now > s.maxRetryAfter) continue;
        } else {
          Failure last = lastFailure == null ? null : lastFailure[i];
          if (last == null || tried >= FailureRules.maxAttempts(last, s.maxAttempts)) continue; // null: in flight
          at = readyAt[i];
          long h = m.health.availableAt(now);
          if (h - at > 0) {
            if (!m.health.waitable(now)) continue; // its circuit opened meanwhile: fail fast
            at = h;
          }
        }
        if (waitIdx < 0 || at - waitAt < 0) {
          waitIdx = i;
          waitAt = at;
        }
      }
      int pick = soft;
      if (pick < 0) {
        if (waitIdx < 0 || waitAt - deadline >= 0) return new Decision.GiveUp(failure(now));
        if (waitAt - now > 0) return new Decision.Wait(waitIdx, waitAt);
        pick = waitIdx;
      }
      Health.Permit p = all[pick].health.tryAcquire(now);
      if (p != null) return new Decision.Attempt(pick, p);
      if (denied == null) denied = new boolean[all.length];
      denied[pick] = true;
    }
    return new Decision.GiveUp(failure(now));
  }

  /** The driver waits as {@code w} says: tells the listeners why. */
  void waiting(Decision.Wait w, long now) {
    int i = w.index();
    Failure f = lastFailure == null ? null : lastFailure[i];
    boolean hint = f == null || hinted[i]; // untried: waiting out its Retry-After cooldown
    Failure why = f != null ? f : all[i].health.unavailableAs(now);
    long delay = w.until() - now;
    if (defer == null) s.events.retryScheduled(call, all[i].name, why, delay, hint);
    else tell(() -> s.events.retryScheduled(call, all[i].name, why, delay, hint));
  }

  private void skipped(int i, long now) {
    if (call == null && !s.events.logging()) return; // nobody hears of it: build no reason text
    if (skipNotified == null) skipNotified = new boolean[all.length];
    else if (skipNotified[i]) return;
    skipNotified[i] = true;
    RouteEvent.SkipReason reason = all[i].health.skipReason(now);
    String detail = all[i].health.unavailableReason(now);
    if (defer == null) s.events.modelSkipped(call, all[i].name, reason, detail);
    else tell(() -> s.events.modelSkipped(call, all[i].name, reason, detail));
  }

  /** An untried, healthy candidate to hedge with, its permit taken; null if there is none. */
  Decision.Attempt hedge(long now) {
    if (now - deadline >= 0 || policyOnly) return null;
    for (int i = 0; i < n; i++) {
      if (attemptsOn(i) != 0 || !eligible(i)) continue;
      Member m = all[i];
      if (m.health.availableAt(now) - now > 0 || m.health.softAvoided(now)) continue;
      Health.Permit p = m.health.tryAcquire(now);
      if (p != null) return new Decision.Attempt(i, p);
    }
    return null;
  }

  /** Records the start of the attempt {@code a} decided and tells the listeners. */
  CallSlot begin(Decision.Attempt a, boolean hedged, long now) {
    int i = a.index();
    int seq = total++;
    if (attempts != null) {
      attempts[i]++;
    } else if (firstIndex < 0) {
      firstIndex = i;
    } else {
      ensureState();
      attempts[i]++;
    }
    Member m = all[i];
    int number = total;
    if (!hedged && lastError != null && lastIndex != i) {
      String from = all[lastIndex].name;
      Failure why = lastError.failure();
      if (defer == null) s.events.fallback(call, from, m.name, why);
      else tell(() -> s.events.fallback(call, from, m.name, why));
    }
    if (defer == null) s.events.attemptStarted(call, m.name, m.info.provider(), number, hedged);
    else tell(() -> s.events.attemptStarted(call, m.name, m.info.provider(), number, hedged));
    m.health.inFlight.incrementAndGet();
    return new CallSlot(i, a.permit(), seq, now, hedged);
  }

  /** Time the next attempt may take: the attempt timeout, bounded by what is left of the deadline. */
  long attemptBudget(long now) {
    long left = deadline - now;
    return s.attemptTimeout > 0 ? Math.min(s.attemptTimeout, left) : left;
  }

  /** The request for an attempt: its own timeout (so the provider bounds its call) and no route-level model name. */
  ChatRequest requestFor(long budgetNanos) {
    ChatRequest r = request.withTimeout(Duration.ofNanos(Math.max(budgetNanos, 1_000_000)));
    return request.model().isPresent() ? r.withModel(null) : r;
  }

  /** True if {@code r} is an empty answer the provider filtered, and a policy fallback can still be tried. */
  boolean isFilteredAnswer(int i, ChatResponse r) {
    return r.finishReason() == FinishReason.CONTENT_FILTERED
        && policyIndex >= 0
        && i != policyIndex
        && !policyOnly
        && r.text().isEmpty()
        && r.toolCalls().isEmpty();
  }

  /** Turns a filtered answer into a CONTENT_FILTERED failure, billing its usage. */
  ChatModelException filteredAnswer(int i, ChatResponse r) {
    bill(i, r);
    return ChatModelException.builder(Failure.CONTENT_FILTERED)
        .provider(r.provider())
        .model(r.model())
        .requestId(r.requestId().orElse(null))
        .detail("the answer was filtered (finish reason CONTENT_FILTERED)")
        .build();
  }

  private void bill(int i, ChatResponse r) {
    Optional<Cost> c = costOf(all[i], r);
    if (c.isPresent()) billed = billed.plus(c.get());
    else if (r.usage().totalTokens() > 0) billedUnknown = true;
  }

  private static Optional<Cost> costOf(Member m, ChatResponse r) {
    Optional<Cost> c = m.info.costOf(r.usage());
    return c.isPresent() ? c : r.cost();
  }

  /** Records a successful attempt and returns the response with route trace and cost. */
  ChatResponse succeeded(CallSlot t, ChatResponse r, long now) {
    Member m = all[t.index];
    m.health.inFlight.decrementAndGet();
    m.health.onSuccess(t.permit, now, r.rateLimits());
    if (!stream) m.health.recordLatency(now - t.startedAt, false);
    record(t, null, OptionalInt.empty(), now);
    Cost cost = null;
    if (!billedUnknown) {
      Optional<Cost> c = costOf(m, r);
      if (c.isPresent()) cost = billed == Cost.ZERO ? c.get() : billed.plus(c.get());
    }
    RouteTrace trace = trace();
    ChatResponse out = r.newBuilder().routeTrace(trace).cost(cost).routeMember(m.name).build();
    if (call != null && !reported) {
      reported = true;
      Cost c = cost;
      tell(() -> s.events.callFinished(call, out, null, trace, out.usage(), c, now - start));
    }
    return out;
  }

  /** Records a successful embedding attempt. */
  void succeeded(CallSlot t, EmbeddingResponse r, long now) {
    Member m = all[t.index];
    m.health.inFlight.decrementAndGet();
    m.health.onSuccess(t.permit, now, RateLimits.NONE);
    m.health.recordLatency(now - t.startedAt, false);
    record(t, null, OptionalInt.empty(), now);
    if (call != null && !reported) {
      reported = true;
      Optional<Cost> c = m.info.costOf(r.usage());
      s.events.callFinished(call, null, null, trace(), r.usage(), c.orElse(null), now - start); // blocking only
    }
  }

  /**
   * Records a failed attempt and applies the failure table.
   *
   * @return true if the failure ends the call (never re-routed)
   */
  boolean failed(CallSlot t, ChatModelException e, long now) {
    return failed(t, e, now, false);
  }

  /**
   * As {@link #failed(CallSlot, ChatModelException, long)}; {@code neutral}: the router or the caller caused it (the
   * deadline or attempt bound cut a stream a slow reader held back), so it says nothing about the model's health.
   */
  boolean failed(CallSlot t, ChatModelException e, long now, boolean neutral) {
    int i = t.index;
    Member m = all[i];
    Failure f = e.failure();
    m.health.inFlight.decrementAndGet();
    if (f == Failure.CANCELLED || neutral) m.health.onNeutral(t.permit);
    else m.health.onFailure(t.permit, now, e);
    record(t, e, e.status(), now);
    lastIndex = i;
    lastError = e;
    ensureState();
    lastFailure[i] = f;
    switch (FailureRules.fallback(f)) {
      case NONE:
        return true;
      case POLICY:
        excluded[i] = true;
        if (policyIndex < 0 || policyOnly || i == policyIndex) return true;
        policyOnly = true;
        return false;
      case LARGER_WINDOW:
        excluded[i] = true;
        needWindowAbove = Math.max(needWindowAbove, m.contextWindow > 0 ? m.contextWindow : estimatedInput);
        return false;
      default:
        int tried = attempts[i];
        if (tried < FailureRules.maxAttempts(f, s.maxAttempts)) {
          if (e.retryAfter().isPresent()) {
            long hint = e.retryAfter().get().toNanos();
            if (hint > s.maxRetryAfter) excluded[i] = true; // a longer hint means: go elsewhere now
            else {
              readyAt[i] = now + hint;
              hinted[i] = true;
            }
          } else {
            readyAt[i] = FailureRules.backsOff(f) ? now + s.backoff(tried) : now;
            hinted[i] = false;
          }
        }
        return false;
    }
  }

  /**
   * Records an attempt the router itself ended: a hedge loser ({@code CANCELLED}, neutral for health) or one cut
   * by the deadline ({@code TIMEOUT}, counts against health).
   */
  void abandoned(CallSlot t, Failure as, long now) {
    Member m = all[t.index];
    m.health.inFlight.decrementAndGet();
    ChatModelException e =
        ChatModelException.builder(as).provider(m.info.provider()).model(m.info.id()).detail(as == Failure.TIMEOUT ? "cut by the call's deadline" : "ended by the router").build();
    if (as == Failure.TIMEOUT) m.health.onFailure(t.permit, now, e);
    else m.health.onNeutral(t.permit);
    record(t, e, OptionalInt.empty(), now);
  }

  /** Notes a stream's first content event: feeds the time-to-first-token average. */
  void firstToken(CallSlot t, long now) {
    t.timeToFirstToken = now - t.startedAt;
    all[t.index].health.recordLatency(t.timeToFirstToken, true);
  }

  /** Puts the attempt in its start-order place in the trace and tells the listener. */
  private void record(CallSlot t, ChatModelException error, OptionalInt status, long now) {
    Member m = all[t.index];
    Optional<Failure> failure = error == null ? Optional.empty() : Optional.of(error.failure());
    RouteTrace.Attempt a = new RouteTrace.Attempt(m.name, m.info.provider(), failure, status, Duration.ofNanos(now - t.startedAt), t.hedged);
    if (t.seq == 0) {
      firstAttempt = a;
    } else {
      if (later == null) later = new RouteTrace.Attempt[Math.max(4, t.seq)];
      if (t.seq > later.length) later = java.util.Arrays.copyOf(later, Math.max(t.seq, later.length * 2));
      later[t.seq - 1] = a;
    }
    long ttft = t.timeToFirstToken;
    if (defer == null) s.events.attemptFinished(call, t.seq + 1, a, error, ttft);
    else tell(() -> s.events.attemptFinished(call, t.seq + 1, a, error, ttft));
  }

  RouteTrace trace() {
    if (firstAttempt == null && later == null) return RouteTrace.EMPTY;
    if (later == null) return new RouteTrace(List.of(firstAttempt));
    List<RouteTrace.Attempt> out = new ArrayList<>(total);
    if (firstAttempt != null) out.add(firstAttempt);
    for (int k = 0; k < total - 1 && k < later.length; k++) if (later[k] != null) out.add(later[k]);
    return new RouteTrace(out);
  }

  /** The error a call ends with: {@code e} with the route trace attached; the listeners hear of it once. */
  ChatModelException finalError(ChatModelException e) {
    RouteTrace trace = trace();
    ChatModelException out = e.withRoute(s.route, trace);
    if (call != null && !reported) {
      reported = true;
      Cost cost = billedUnknown || billed == Cost.ZERO ? null : billed;
      long took = s.scheduler.nanoTime() - start;
      tell(() -> s.events.callFinished(call, null, out, trace, Usage.ZERO, cost, took));
    }
    return out;
  }

  /** Why the call gives up, with the route trace. */
  private ChatModelException failure(long now) {
    if (lastError != null) return finalError(lastError);
    if (now - deadline >= 0) return finalError(RoutingErrors.timeout(null, deadline - start, "the call's deadline passed before any attempt", null));
    String route = s.route;
    boolean anyCapable = false;
    for (Member m : all) anyCapable |= m.capable(needs);
    if (all.length == 0) {
      return finalError(RoutingErrors.invalid("route '" + route + "' has no model named '" + request.model().orElse("") + "'"));
    }
    if (!anyCapable) return finalError(RoutingErrors.invalid("no model on route '" + route + "' can serve this request (" + describeNeeds() + ")"));
    boolean anyFits = false;
    for (Member m : all) anyFits |= m.capable(needs) && m.fits(estimatedInput);
    if (!anyFits) {
      return finalError(
          ChatModelException.builder(Failure.CONTEXT_LENGTH_EXCEEDED)
              .detail("about " + estimatedInput + " input tokens exceed the context window of every model on route '" + route + "'")
              .build());
    }
    Member soonest = null;
    long soonestAt = 0;
    StringBuilder why = new StringBuilder();
    for (int i = 0; i < all.length; i++) {
      if (!eligible(i)) continue;
      Member m = all[i];
      long at = m.health.availableAt(now);
      if (why.length() > 0) why.append("; ");
      why.append(m.name).append(": ").append(m.health.unavailableReason(now));
      if (soonest == null || at - soonestAt < 0) {
        soonest = m;
        soonestAt = at;
      }
    }
    ChatModelException.Builder b =
        ChatModelException.builder(soonest == null ? Failure.SERVER_ERROR : soonest.health.unavailableAs(now))
            .detail("no model on route '" + route + "' is available (" + why + ")");
    if (soonest != null && soonestAt - now > 0) b.retryAfter(Duration.ofNanos(soonestAt - now));
    return finalError(b.build());
  }

  private String describeNeeds() {
    if (needs < 0) return "embeddings";
    List<String> parts = new ArrayList<>();
    if ((needs & Member.NEEDS_TOOLS) != 0) parts.add("tools");
    if ((needs & Member.NEEDS_VISION) != 0) parts.add("vision");
    if ((needs & Member.NEEDS_JSON_SCHEMA) != 0) parts.add("JSON schema");
    if ((needs & Member.NEEDS_STREAMING) != 0) parts.add("streaming");
    return parts.isEmpty() ? "chat" : String.join(", ", parts);
  }
}
