package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.RateLimits;
import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One model's health in one router: a Failsafe circuit breaker for consecutive health failures, hard cooldowns
 * (quota, key, model gone, Retry-After), a soft "avoid" window from rate-limit headers, the calls in flight and
 * latency averages.
 *
 * <p>Failsafe counts failures, applies the thresholds and fires the state listeners; the OPEN to HALF_OPEN
 * transition is driven here from the router's {@link Scheduler} (Failsafe reads the system clock), and the single
 * half-open probe is tracked here too, so a probe that ends without a health signal (a cancelled hedge loser, a
 * 400) frees the slot without counting as a success or failure.
 *
 * <p>Client-side limits, when configured, are Failsafe's too: a {@link Bulkhead} bounds the calls in flight and a
 * {@link RateLimiter} the requests per minute; a model at its limit is denied like an open circuit (the call goes
 * elsewhere). Failsafe's rate limiter reads the system clock, not the router's {@link Scheduler}: its window is real
 * time even under a manual scheduler. Every permit is taken in {@link #tryAcquire} and the bulkhead's is given back
 * by exactly one of {@link #onSuccess}, {@link #onFailure} or {@link #onNeutral}.
 */
final class Health {
  /** Permission to call the model now: a regular call, or the single half-open trial. */
  enum Permit {
    REGULAR,
    PROBE
  }

  private static final long NO_SAMPLE = Double.doubleToRawLongBits(Double.NaN);
  private static final double ALPHA = 0.3;
  private static final long DEFAULT_AVOID = Duration.ofSeconds(1).toNanos();

  private final String model;
  private final Settings settings;
  private final CircuitBreaker<Object> breaker;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong latency = new AtomicLong(NO_SAMPLE);
  private final AtomicLong timeToFirstToken = new AtomicLong(NO_SAMPLE);
  final AtomicInteger inFlight = new AtomicInteger();
  private volatile long openedAt;
  private volatile long coolUntil;
  private volatile Failure coolReason = Failure.SERVER_ERROR;
  private volatile long avoidUntil;
  private volatile Failure lastHealthFailure = Failure.SERVER_ERROR;
  private final Bulkhead<Object> bulkhead;
  private final RateLimiter<Object> rateLimiter;
  /** The last denial was a client-side limit (for the skip reason). */
  private volatile boolean limited;

  Health(String model, Settings settings, int maxConcurrency, int requestsPerMinute) {
    this.model = model;
    this.settings = settings;
    this.bulkhead = maxConcurrency > 0 ? Bulkhead.of(maxConcurrency) : null;
    this.rateLimiter = requestsPerMinute > 0 ? RateLimiter.smoothBuilder(requestsPerMinute, Duration.ofMinutes(1)).build() : null;
    long now = settings.scheduler.nanoTime();
    openedAt = now;
    coolUntil = now;
    avoidUntil = now;
    breaker =
        CircuitBreaker.builder()
            .withFailureThreshold(settings.failureThreshold)
            .withSuccessThreshold(1)
            .withDelay(Duration.ofNanos(Math.max(1, settings.breakerCooldown)))
            .onOpen(e -> changed(e, BreakerState.OPEN))
            .onHalfOpen(e -> changed(e, BreakerState.HALF_OPEN))
            .onClose(e -> changed(e, BreakerState.CLOSED))
            .build();
  }

  private void changed(CircuitBreakerStateChangedEvent e, BreakerState to) {
    if (to == BreakerState.OPEN) openedAt = settings.scheduler.nanoTime();
    settings.events.breakerStateChanged(model, map(e.getPreviousState()), to);
  }

  private static BreakerState map(CircuitBreaker.State s) {
    switch (s) {
      case OPEN:
        return BreakerState.OPEN;
      case HALF_OPEN:
        return BreakerState.HALF_OPEN;
      default:
        return BreakerState.CLOSED;
    }
  }

  BreakerState state() {
    return map(breaker.getState());
  }

  /** When this model may next be called: {@code now} if it may be called now. */
  long availableAt(long now) {
    long at = now;
    long cool = coolUntil;
    if (cool - at > 0) at = cool;
    CircuitBreaker.State st = breaker.getState();
    if (st == CircuitBreaker.State.OPEN) {
      long end = openedAt + settings.breakerCooldown;
      if (end - at > 0) at = end;
    } else if (st == CircuitBreaker.State.HALF_OPEN && probing.get()) {
      long end = now + Math.max(settings.initialBackoff, 1);
      if (end - at > 0) at = end;
    }
    return at;
  }

  /**
   * True if the model is worth waiting for when it is unavailable: only a Retry-After cooldown blocks it. An open
   * circuit or a long cooldown is not waited for: the call fails fast or goes elsewhere.
   */
  boolean waitable(long now) {
    return breaker.isClosed() && (coolUntil - now <= 0 || coolReason == Failure.RATE_LIMITED);
  }

  /** Rate-limit headers said the model has no requests or tokens left for now: prefer others. */
  boolean softAvoided(long now) {
    return avoidUntil - now > 0;
  }

  /** Takes the permission to call now; null if denied (cooldown, circuit, or a client-side limit). */
  Permit tryAcquire(long now) {
    Permit p = healthPermit(now);
    if (p == null) limited = false;
    if (p == null || (bulkhead == null && rateLimiter == null)) return p;
    boolean room = bulkhead == null || bulkhead.tryAcquirePermit();
    if (room && rateLimiter != null && !rateLimiter.tryAcquirePermit()) {
      if (bulkhead != null) bulkhead.releasePermit();
      room = false;
    }
    limited = !room;
    if (room) return p;
    if (p == Permit.PROBE) probing.set(false);
    return null;
  }

  private void releaseLimit() {
    if (bulkhead != null) bulkhead.releasePermit();
  }

  private Permit healthPermit(long now) {
    if (coolUntil - now > 0) return null;
    CircuitBreaker.State st = breaker.getState();
    if (st == CircuitBreaker.State.CLOSED) return Permit.REGULAR;
    if (st == CircuitBreaker.State.OPEN) {
      synchronized (this) {
        if (breaker.isOpen()) {
          if (now - openedAt < settings.breakerCooldown) return null;
          breaker.halfOpen();
        }
      }
      if (breaker.isClosed()) return Permit.REGULAR;
    }
    return probing.compareAndSet(false, true) ? Permit.PROBE : null;
  }

  void onSuccess(Permit permit, long now, RateLimits rateLimits) {
    releaseLimit();
    breaker.recordSuccess();
    if (permit == Permit.PROBE) probing.set(false);
    noteRateLimits(rateLimits, now);
  }

  void onFailure(Permit permit, long now, ChatModelException e) {
    releaseLimit();
    Failure f = e.failure();
    if (f.countsAgainstHealth()) {
      // what a caller is told while the circuit stays open; a broken stream is reported as the server error it was
      lastHealthFailure = f == Failure.STREAM_INTERRUPTED ? Failure.SERVER_ERROR : f;
      breaker.recordFailure();
    }
    if (FailureRules.longCooldown(f)) {
      coolFor(now, settings.longCooldown, f);
    } else if (f == Failure.RATE_LIMITED && e.retryAfter().isPresent()) {
      coolFor(now, Math.min(e.retryAfter().get().toNanos(), settings.longCooldown), f);
    }
    noteRateLimits(e.rateLimits(), now);
    if (permit == Permit.PROBE) probing.set(false);
  }

  /** The attempt ended without telling anything about the model (cancelled): just free a probe slot. */
  void onNeutral(Permit permit) {
    releaseLimit();
    if (permit == Permit.PROBE) probing.set(false);
  }

  private void coolFor(long now, long nanos, Failure reason) {
    long until = now + nanos;
    synchronized (this) {
      if (until - coolUntil > 0) {
        coolUntil = until;
        coolReason = reason;
      }
    }
  }

  private void noteRateLimits(RateLimits rl, long now) {
    if (rl == RateLimits.NONE || !rl.exhausted()) return;
    long d = rl.exhaustedFor().map(Duration::toNanos).orElse(DEFAULT_AVOID);
    avoidUntil = now + Math.min(d, settings.longCooldown);
  }

  /** Why the model is unavailable at {@code now}, and as which failure the caller should see it. */
  Failure unavailableAs(long now) {
    if (coolUntil - now <= 0 && limited && breaker.isClosed()) return Failure.RATE_LIMITED;
    return coolUntil - now > 0 ? coolReason : lastHealthFailure;
  }

  String unavailableReason(long now) {
    long cool = coolUntil - now;
    if (cool > 0) return "cooling down after " + coolReason + " for " + millis(cool) + "ms";
    if (limited && breaker.isClosed()) return "client-side limit reached (maxConcurrency or requestsPerMinute)";
    if (breaker.isOpen()) return "circuit open for " + millis(openedAt + settings.breakerCooldown - now) + "ms";
    if (breaker.isHalfOpen()) return "circuit half-open, probe in flight";
    if (softAvoided(now)) return "rate limit exhausted for " + millis(avoidUntil - now) + "ms";
    return "available";
  }

  /** Why the model is passed over at {@code now}, as {@link #unavailableReason} says in words. */
  RouteEvent.SkipReason skipReason(long now) {
    if (coolUntil - now > 0) return RouteEvent.SkipReason.COOLDOWN;
    if (limited && breaker.isClosed()) return RouteEvent.SkipReason.CLIENT_LIMIT;
    if (breaker.isOpen()) return RouteEvent.SkipReason.CIRCUIT_OPEN;
    if (breaker.isHalfOpen()) return RouteEvent.SkipReason.CIRCUIT_HALF_OPEN;
    return RouteEvent.SkipReason.RATE_LIMIT_EXHAUSTED;
  }

  private static long millis(long nanos) {
    return Math.max(0, nanos / 1_000_000);
  }

  void recordLatency(long nanos, boolean firstToken) {
    AtomicLong target = firstToken ? timeToFirstToken : latency;
    long prev;
    long next;
    do {
      prev = target.get();
      double old = Double.longBitsToDouble(prev);
      double v = Double.isNaN(old) ? nanos : old + ALPHA * (nanos - old);
      next = Double.doubleToRawLongBits(v);
    } while (!target.compareAndSet(prev, next));
  }

  /** Latency average in nanoseconds (time to first token for streams), or NaN before the first sample. */
  double latencyScore(boolean stream) {
    return Double.longBitsToDouble((stream ? timeToFirstToken : latency).get());
  }
}
