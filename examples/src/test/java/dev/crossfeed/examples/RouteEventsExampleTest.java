package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouteEventsExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  @Test
  void countsFallbacksBreakerChangesAndSkips() {
    RouteEventsExample.RouteMetrics metrics = new RouteEventsExample.RouteMetrics();
    Router router =
        RouteEventsExample.router(metrics, ApiKey.of("sk-openai-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl());
    for (int i = 0; i < 3; i++) {
      openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED));
      anthropic.enqueue(FakeResponse.text("fallback " + i));
    }
    anthropic.enqueue(FakeResponse.text("gpt is resting"));

    for (int i = 0; i < 4; i++) router.chat("hi");

    assertEquals(3, metrics.count("llm.attempts{model=gpt,outcome=OVERLOADED}"));
    assertEquals(4, metrics.count("llm.attempts{model=claude,outcome=SUCCESS}"));
    assertEquals(3, metrics.count("llm.fallbacks{from=gpt,to=claude,reason=OVERLOADED}"));
    assertEquals(1, metrics.count("llm.breaker{model=gpt,state=OPEN}"));
    assertEquals(1, metrics.count("llm.skipped{model=gpt}"));
    assertEquals(BreakerState.OPEN, router.breakerState("gpt"));
    assertEquals(3, openAi.requestCount());
  }
}
