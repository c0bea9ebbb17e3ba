package dev.crossfeed.examples;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening to route events: a {@link RouterListener} that logs every fallback and circuit-breaker change through
 * SLF4J and counts attempts, fallbacks and breaker openings in a metrics counter (a map of {@link LongAdder}s here;
 * a Micrometer {@code Counter} in a real app). Listener methods run on the routing threads, so they stay fast and
 * never block; an exception in one is logged and ignored by the router.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.RouteEventsExample
 * }</pre>
 */
public final class RouteEventsExample {
  private RouteEventsExample() {}

  /** Logs routing decisions and counts them by name, e.g. {@code llm.attempts{model=gpt,outcome=OVERLOADED}}. */
  public static final class RouteMetrics extends RouterListener {
    private static final Logger log = LoggerFactory.getLogger(RouteMetrics.class);
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    @Override
    public void attemptFinished(RouteEvent.AttemptFinished e) {
      increment("llm.attempts{model=" + e.model() + ",outcome=" + e.result().outcome() + "}");
    }

    @Override
    public void fallback(RouteEvent.Fallback e) {
      increment("llm.fallbacks{from=" + e.from() + ",to=" + e.to() + ",reason=" + e.reason() + "}");
      log.warn("route {} call {}: {} failed with {}, falling back to {}", e.route(), e.call().id(), e.from(), e.reason(), e.to());
    }

    @Override
    public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
      increment("llm.breaker{model=" + e.model() + ",state=" + e.to() + "}");
      log.warn("route {}: circuit breaker of {} {} -> {}", e.route(), e.model(), e.from(), e.to());
    }

    @Override
    public void modelSkipped(RouteEvent.ModelSkipped e) {
      increment("llm.skipped{model=" + e.model() + "}");
      log.info("route {} call {}: skipping {}: {}", e.route(), e.call().id(), e.model(), e.detail());
    }

    private void increment(String name) {
      counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /**
     * A counter's value; 0 if it never counted.
     *
     * @param name the counter's name with its tags, e.g. {@code llm.fallbacks{from=gpt,to=claude}}
     * @return the value
     */
    public long count(String name) {
      LongAdder a = counters.get(name);
      return a == null ? 0 : a.sum();
    }

    /** {@return every counter, sorted by name} */
    public Map<String, Long> snapshot() {
      Map<String, Long> out = new TreeMap<>();
      counters.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }
  }

  /**
   * A fallback chain that reports its routing decisions to {@code metrics}.
   *
   * @param metrics the listener
   * @param openAiKey the OpenAI key
   * @param openAiBaseUrl OpenAI's base URL
   * @param anthropicKey the Anthropic key
   * @param anthropicBaseUrl Anthropic's base URL
   * @return the router
   */
  public static Router router(RouteMetrics metrics, ApiKey openAiKey, String openAiBaseUrl, ApiKey anthropicKey,
      String anthropicBaseUrl) {
    ChatModel gpt = OpenAiChatModel.builder().apiKey(openAiKey).baseUrl(openAiBaseUrl).model("gpt-4o-mini").build();
    ChatModel claude =
        AnthropicChatModel.builder().apiKey(anthropicKey).baseUrl(anthropicBaseUrl).model("claude-haiku-4-5").build();
    return Router.builder()
        .model("gpt", gpt)
        .model("claude", claude)
        .circuitBreaker(3, Duration.ofSeconds(30))
        .listener(metrics)
        .build();
  }

  /**
   * Runs the example against the real providers, with the keys from the environment (it says which to set when
   * they are missing).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!ExampleEnv.require(env, "RouteEventsExample", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")) return;
    RouteMetrics metrics = new RouteMetrics();
    Router router =
        router(
            metrics,
            ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow(),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ExampleEnv.key(env, "ANTHROPIC_API_KEY").orElseThrow(),
            AnthropicChatModel.DEFAULT_BASE_URL);
    System.out.println(router.chat("Say hello in Norwegian.").text());
    metrics.snapshot().forEach((name, value) -> System.out.println(name + " = " + value));
  }
}
