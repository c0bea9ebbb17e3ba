package dev.crossfeed.benchmarks;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 5: throughput from {@value #CALLERS} concurrent callers (JMH threads) making blocking chat calls on one
 * shared {@code OkHttpClient}: floor, one {@link OpenAiChatModel}, one {@link Router} of three. The pool keeps up to
 * {@value Rig#POOL} idle connections so callers never churn connections (OkHttp's default keeps 5), and the
 * dispatcher's {@code maxRequests}/{@code maxRequestsPerHost} are {@value Rig#POOL} (they only limit async calls).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(ThroughputBenchmark.CALLERS)
@State(Scope.Benchmark)
public class ThroughputBenchmark {
  static final int CALLERS = 64;

  Rig rig;
  OpenAiChatModel provider;
  Router router;

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    provider = rig.provider(Rig.OK);
    router = Rig.threeWay(provider, rig.provider(Rig.OK), rig.provider(Rig.OK)).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public FloorClient.Answer floor() throws IOException {
    return rig.floor.chat(Payloads.MODEL, Rig.USER_TEXT);
  }

  @Benchmark
  public ChatResponse provider() {
    return provider.chat(rig.request);
  }

  @Benchmark
  public ChatResponse router() {
    return router.chat(rig.request);
  }
}
