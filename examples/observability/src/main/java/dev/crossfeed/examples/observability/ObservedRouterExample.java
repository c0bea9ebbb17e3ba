package dev.crossfeed.examples.observability;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.micrometer.CrossfeedMetrics;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.opentelemetry.CrossfeedTelemetry;
import dev.crossfeed.routing.Router;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;

/**
 * A fallback route (GPT, then Claude) with traces and metrics: {@link CrossfeedTelemetry} gives each call a span
 * tree (logged here by OpenTelemetry's logging exporter), {@link CrossfeedMetrics} counts attempts, fallbacks,
 * tokens and cost (printed here from an in-memory registry). Both are listeners on the same router.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp ... dev.crossfeed.examples.observability.ObservedRouterExample
 * }</pre>
 */
public final class ObservedRouterExample {
  private ObservedRouterExample() {}

  /**
   * The route, traced on {@code otel} and measured on {@code meters}.
   *
   * @param gpt the first choice
   * @param claude the fallback
   * @param otel where the spans and GenAI metrics go
   * @param meters where the meters go
   * @return the router
   */
  public static Router router(ChatModel gpt, ChatModel claude, OpenTelemetry otel, MeterRegistry meters) {
    return Router.builder()
        .name("assistant")
        .model("gpt", gpt)
        .model("claude", claude)
        .timeout(Duration.ofSeconds(30))
        .listener(CrossfeedTelemetry.create(otel).listener())
        .listener(CrossfeedMetrics.create(meters).listener())
        .build();
  }

  /**
   * The registry's meters with their values, one per line, for a quick look.
   *
   * @param meters the registry
   * @return one line per meter
   */
  public static String describe(MeterRegistry meters) {
    StringBuilder out = new StringBuilder();
    for (Meter m : meters.getMeters()) {
      out.append(m.getId().getName()).append(m.getId().getTags()).append(' ');
      m.measure().forEach(x -> out.append(x.getStatistic().getTagValueRepresentation()).append('=').append(x.getValue()).append(' '));
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Asks one question through the observed route with the keys in {@code OPENAI_API_KEY} and
   * {@code ANTHROPIC_API_KEY}; without them says so and exits 0.
   *
   * @param args none
   */
  public static void main(String[] args) {
    String openAi = System.getenv("OPENAI_API_KEY");
    String anthropic = System.getenv("ANTHROPIC_API_KEY");
    if (openAi == null || openAi.isBlank() || anthropic == null || anthropic.isBlank()) {
      System.out.println("ObservedRouterExample: skipped, set OPENAI_API_KEY and ANTHROPIC_API_KEY to run it against the real APIs.");
      return;
    }
    ChatModel gpt = OpenAiChatModel.builder().apiKey(ApiKey.of(openAi)).model("gpt-4o-mini").build();
    ChatModel claude = AnthropicChatModel.builder().apiKey(ApiKey.of(anthropic)).model("claude-haiku-4-5").build();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create())).build())
            .build()) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      ChatResponse answer = router(gpt, claude, otel, meters).chat("In one sentence: what is a circuit breaker?");
      System.out.println(answer.text());
      System.out.print(describe(meters));
    }
  }
}
