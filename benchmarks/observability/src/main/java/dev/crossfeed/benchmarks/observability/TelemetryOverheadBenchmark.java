package dev.crossfeed.benchmarks.observability;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.micrometer.CrossfeedMetrics;
import dev.crossfeed.opentelemetry.CrossfeedTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RouterListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routed chat call (three candidates in fallback order, breakers, retry policy, 60 s deadline; the first
 * answers at once from memory) without telemetry, and the same call with each telemetry module on its listener.
 * The difference to {@link #plain} is what the module adds per call.
 *
 * <ul>
 *   <li>{@code anyListener}: a listener that does nothing: what the router itself spends on events once any
 *       listener is registered (call identity, event records), part of every module's figure;
 *   <li>{@code micrometer}: {@link CrossfeedMetrics} on a {@link SimpleMeterRegistry} (the in-memory registry: every
 *       meter really recorded, nothing exported), no Observations;
 *   <li>{@code micrometerObserved}: the same plus an {@link ObservationRegistry} whose one handler does nothing
 *       (a tracing bridge with a no-op exporter, as far as the module can tell): each call and attempt is also an
 *       Observation;
 *   <li>{@code micrometerMeterHandler}: as {@code micrometerObserved} with Micrometer's own
 *       {@link DefaultMeterObservationHandler} instead, which times every Observation with meters of its own;
 *   <li>{@code openTelemetry}: {@link CrossfeedTelemetry} on the OpenTelemetry SDK with every span sampled, a batch
 *       span processor and a periodic metric reader whose exporters drop what they get ({@link NoopExporters}):
 *       two spans and three histogram points per call, everything up to the network;
 *   <li>{@code bareSpans}: the same SDK given two attribute-less spans per call by {@link BareSpansListener}: the
 *       SDK's own share of {@code openTelemetry}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class TelemetryOverheadBenchmark {
  final ChatRequest request = ChatRequest.of("What is the capital of France?");
  Router plain;
  Router anyListener;
  Router bareSpans;
  Router micrometer;
  Router micrometerObserved;
  Router micrometerMeterHandler;
  Router openTelemetry;
  OpenTelemetrySdk sdk;

  static Router router(RouterListener listener) {
    return Router.builder()
        .name("bench")
        .model("primary", new InstantModel("openai", "gpt-4o-mini"))
        .model("secondary", new InstantModel("anthropic", "claude-haiku-4-5"))
        .model("tertiary", new InstantModel("gemini", "gemini-2.5-flash"))
        .circuitBreaker(5, Duration.ofSeconds(30))
        .maxAttempts(2)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(60))
        .listener(listener)
        .build();
  }

  /** Builds the routers, one per variant, and the SDK. */
  @Setup(Level.Trial)
  public void setUp() {
    plain = router(RouterListener.NONE);
    anyListener = router(new RouterListener() {});
    micrometer = router(CrossfeedMetrics.create(new SimpleMeterRegistry()).listener());
    ObservationRegistry observed = ObservationRegistry.create();
    observed.observationConfig().observationHandler(context -> true); // supports every context, does nothing
    micrometerObserved = router(CrossfeedMetrics.builder(new SimpleMeterRegistry()).observationRegistry(observed).build().listener());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry timed = ObservationRegistry.create();
    timed.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    micrometerMeterHandler = router(CrossfeedMetrics.builder(meters).observationRegistry(timed).build().listener());
    sdk = NoopExporters.sdk();
    openTelemetry = router(CrossfeedTelemetry.create(sdk).listener());
    bareSpans = router(new BareSpansListener(sdk));
  }

  /** Stops the SDK's export threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  /**
   * The routed call without telemetry: the baseline.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse plain() {
    return plain.chat(request);
  }

  /**
   * With a listener that does nothing.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse anyListener() {
    return anyListener.chat(request);
  }

  /**
   * With two bare SDK spans per call.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse bareSpans() {
    return bareSpans.chat(request);
  }

  /**
   * With crossfeed-micrometer's meters.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse micrometer() {
    return micrometer.chat(request);
  }

  /**
   * With crossfeed-micrometer's meters and Observations.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse micrometerObserved() {
    return micrometerObserved.chat(request);
  }

  /**
   * With crossfeed-micrometer's meters and Observations timed by Micrometer's meter handler.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse micrometerMeterHandler() {
    return micrometerMeterHandler.chat(request);
  }

  /**
   * With crossfeed-opentelemetry's spans and metrics on the SDK.
   *
   * @return the answer
   */
  @Benchmark
  public ChatResponse openTelemetry() {
    return openTelemetry.chat(request);
  }
}
