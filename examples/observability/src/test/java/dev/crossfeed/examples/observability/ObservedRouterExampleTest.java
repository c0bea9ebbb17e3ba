package dev.crossfeed.examples.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example's wiring against fake OpenAI and Anthropic servers: one fallback, traced and counted. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ObservedRouterExampleTest {
  private final FakeOpenAiServer openAi = new FakeOpenAiServer();
  private final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  @AfterEach
  void close() {
    openAi.close();
    anthropic.close();
  }

  @Test
  void anOverloadedGptFallsBackToClaudeAndBothModulesSeeIt() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    anthropic.enqueue(FakeResponse.text("A switch that stops calls to a failing service.").usage(20, 9));
    ChatModel gpt = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build();
    ChatModel claude =
        AnthropicChatModel.builder().baseUrl(anthropic.baseUrl()).apiKey(ApiKey.of("sk-ant-test")).model("claude-haiku-4-5").build();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build()) {
      Router router = ObservedRouterExample.router(gpt, claude, otel, meters);

      assertEquals("A switch that stops calls to a failing service.", router.chat("What is a circuit breaker?").text());
      // read before closing the SDK: shutting down the in-memory exporter clears it
      List<String> names = spans.getFinishedSpanItems().stream().map(SpanData::getName).sorted().collect(Collectors.toList());
      assertEquals(List.of("chat claude-haiku-4-5", "chat gpt-4o-mini", "route assistant"), names);
    }

    assertEquals(1, meters.get("crossfeed.fallbacks").tags("from", "gpt", "to", "claude", "reason", "OVERLOADED").counter().count());
    assertEquals(9, meters.get("crossfeed.tokens").tags("model", "claude", "type", "output").counter().count());
    assertTrue(ObservedRouterExample.describe(meters).contains("crossfeed.attempts"));
  }
}
