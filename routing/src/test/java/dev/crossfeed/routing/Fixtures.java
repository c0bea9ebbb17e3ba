package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** Shared test helpers: scripted models, a fixed "random", a recording listener. */
final class Fixtures {
  private Fixtures() {}

  /** Jitter draws 0.5, so a backoff of base B waits exactly 0.75 B. */
  static final RandomGenerator HALF =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return 0;
        }

        @Override
        public double nextDouble() {
          return 0.5;
        }
      };

  static Duration backoff(Duration base) {
    long b = base.toNanos();
    return Duration.ofNanos(b / 2 + (long) (0.5 * (b - b / 2)));
  }

  static ScriptedChatModel model(String id, Outcome... script) {
    return ScriptedChatModel.builder().model(id).then(script).defaultOutcome(Outcome.text("answer from " + id)).build();
  }

  static Router.Builder router(ManualScheduler clock) {
    return Router.builder().scheduler(clock).random(HALF);
  }

  static List<String> outcomes(RouteTrace trace) {
    List<String> out = new ArrayList<>();
    for (RouteTrace.Attempt a : trace.attempts()) out.add(a.model() + ":" + a.outcome());
    return out;
  }

  static ChatModelException error(Failure f, Duration retryAfter) {
    return ChatModelException.builder(f).status(f == Failure.OVERLOADED ? 503 : 429).retryAfter(retryAfter).detail("scripted").build();
  }

  /** Records every listener event as a line, thread-safely. */
  static final class Recorder extends RouterListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void attemptStarted(RouteEvent.AttemptStarted e) {
      events.add("start " + e.model() + (e.hedged() ? " hedged" : ""));
    }

    @Override
    public void attemptFinished(RouteEvent.AttemptFinished e) {
      events.add("end " + e.model() + " " + e.result().outcome());
    }

    @Override
    public void retryScheduled(RouteEvent.RetryScheduled e) {
      events.add("wait " + e.model() + " " + e.reason() + " " + e.delay().toMillis() + "ms");
    }

    @Override
    public void fallback(RouteEvent.Fallback e) {
      events.add("fallback " + e.from() + "->" + e.to() + " " + e.reason());
    }

    @Override
    public void hedgeStarted(RouteEvent.HedgeStarted e) {
      events.add("hedge " + e.running() + "+" + e.hedge());
    }

    @Override
    public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
      events.add("breaker " + e.model() + " " + e.from() + "->" + e.to());
    }

    @Override
    public void modelSkipped(RouteEvent.ModelSkipped e) {
      events.add("skip " + e.model());
    }

    List<String> only(String prefix) {
      List<String> out = new ArrayList<>();
      synchronized (events) {
        for (String e : events) if (e.startsWith(prefix)) out.add(e);
      }
      return out;
    }
  }
}
