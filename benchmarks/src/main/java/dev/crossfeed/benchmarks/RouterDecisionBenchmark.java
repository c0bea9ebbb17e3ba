package dev.crossfeed.benchmarks;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.Strategy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: the router's own cost, without HTTP. Routing exposes no way to run its candidate choice alone, so a
 * {@link Router} is run over in-memory {@link InstantModel}s that answer at once with a prebuilt response, and a direct
 * call to one such model is the baseline; the difference is everything the router does per call (choice, health,
 * deadline watchdog, route trace, cost).
 *
 * <ul>
 *   <li>{@code direct}: one instant model;
 *   <li>{@code fallback3}: the production shape of benchmark 1 (three candidates, breakers, retry policy), first
 *       healthy: the router's per-call overhead without network noise;
 *   <li>{@code weighted10}: ten candidates, {@link Strategy#WEIGHTED} with weights 1..10, three of them down with
 *       open breakers (skipped without a call), the rest healthy.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RouterDecisionBenchmark {
  static final int DOWN = 3;

  final ChatRequest request = ChatRequest.of(Rig.USER_TEXT);
  InstantModel direct;
  Router fallback3;
  Router weighted10;
  InstantModel[] ten;

  @Setup(Level.Trial)
  public void setUp() {
    direct = InstantModel.answering("m0");
    fallback3 = Rig.threeWay(InstantModel.answering("a"), InstantModel.answering("b"), InstantModel.answering("c")).build();
    Router.Builder b =
        Router.builder().strategy(Strategy.WEIGHTED).circuitBreaker(1, Duration.ofHours(1)).maxAttempts(2).timeout(Duration.ofSeconds(60));
    ten = new InstantModel[10];
    for (int i = 0; i < ten.length; i++) {
      ten[i] = i < DOWN ? InstantModel.failing("m" + i, Failure.OVERLOADED) : InstantModel.answering("m" + i);
      b.model("m" + i, ten[i]).weight("m" + i, i + 1);
    }
    weighted10 = b.build();
    // route until every down model was drawn once and its breaker opened (threshold 1)
    for (int i = 0; i < 10_000 && !allDownOpen(); i++) {
      try {
        weighted10.chat(request);
      } catch (ChatModelException e) {
        // not expected while healthy models remain; keep routing
      }
    }
    if (!allDownOpen()) throw new IllegalStateException("the down models' breakers did not open");
  }

  private boolean allDownOpen() {
    for (int i = 0; i < DOWN; i++) if (weighted10.breakerState("m" + i) != BreakerState.OPEN) return false;
    return true;
  }

  @Benchmark
  public ChatResponse direct() {
    return direct.chat(request);
  }

  @Benchmark
  public ChatResponse fallback3() {
    return fallback3.chat(request);
  }

  @Benchmark
  public ChatResponse weighted10() {
    return weighted10.chat(request);
  }
}
