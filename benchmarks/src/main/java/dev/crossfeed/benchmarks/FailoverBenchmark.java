package dev.crossfeed.benchmarks;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3: failover. Three-candidate routers whose primary is down and whose secondary answers:
 *
 * <ul>
 *   <li>{@code healthy}: the primary answers (the baseline the others are compared to);
 *   <li>{@code refused}: nothing listens on the primary's port (connection refused), breaker kept closed so every
 *       call pays the failed attempt;
 *   <li>{@code overloaded}: the primary answers 503, breaker kept closed likewise;
 *   <li>{@code breakerOpen}: the primary answers 503 and its breaker (threshold 1, 1 h cooldown) was opened in
 *       setup; {@link PrimaryCalls} reports how many requests still reached the primary during measurement (must be
 *       0).
 * </ul>
 *
 * The "kept closed" routers have a failure threshold of {@value #NEVER_OPENS} and are rebuilt every iteration, so
 * their breakers never open while measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FailoverBenchmark {
  static final int NEVER_OPENS = 100_000;
  /** The breaker-open router's primary: answers 503, counted apart from the other routers' primaries. */
  static final String DOWN = "down";

  Rig rig;
  String refusing;
  Router healthy;
  Router refused;
  Router overloaded;
  Router breakerOpen;
  long primaryRequestsAtStart;

  /** Requests that reached the down primary of {@code breakerOpen} during the iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PrimaryCalls {
    public long primaryRequests;
  }

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    rig.server.fixed(DOWN, Payloads.overloaded());
    refusing = Rig.refusingBaseUrl();
    healthy = router(rig.provider(Rig.OK), NEVER_OPENS);
    breakerOpen = router(rig.provider(DOWN), 1);
    breakerOpen.chat(rig.request); // the primary fails once: its breaker opens, the secondary answers
    if (breakerOpen.breakerState("primary") != BreakerState.OPEN) {
      throw new IllegalStateException("the primary's breaker did not open");
    }
  }

  @Setup(Level.Iteration)
  public void freshRouters() {
    refused = router(rig.providerAt(refusing), NEVER_OPENS);
    overloaded = router(rig.provider(Rig.OVERLOADED), NEVER_OPENS);
    primaryRequestsAtStart = rig.server.requests(DOWN);
  }

  private Router router(OpenAiChatModel primary, int failureThreshold) {
    return Rig.threeWay(primary, rig.provider(Rig.OK), rig.provider(Rig.OK))
        .circuitBreaker(failureThreshold, failureThreshold == 1 ? Duration.ofHours(1) : Duration.ofSeconds(30))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public ChatResponse healthy() {
    return healthy.chat(rig.request);
  }

  @Benchmark
  public ChatResponse refused() {
    return refused.chat(rig.request);
  }

  @Benchmark
  public ChatResponse overloaded() {
    return overloaded.chat(rig.request);
  }

  @Benchmark
  public ChatResponse breakerOpen(PrimaryCalls calls) {
    ChatResponse r = breakerOpen.chat(rig.request);
    calls.primaryRequests = rig.server.requests(DOWN) - primaryRequestsAtStart;
    return r;
  }
}
