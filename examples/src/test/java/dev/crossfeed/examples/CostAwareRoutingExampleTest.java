package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CostAwareRoutingExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private Router router() {
    return CostAwareRoutingExample.router(ApiKey.of("sk-openai-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl());
  }

  private static ChatRequest question() {
    return ChatRequest.builder().user("Name a prime number.").maxOutputTokens(20).build();
  }

  @Test
  void theCheapestModelAnswersAndTheSpendAddsUp() {
    openAi.enqueue(FakeResponse.text("7").usage(1_000, 1_000), FakeResponse.text("11").usage(1_000, 1_000));
    Router router = router();
    CostAwareRoutingExample.Spend spend = new CostAwareRoutingExample.Spend();

    ChatResponse first = spend.record(router.chat(question()));
    spend.record(router.chat(question()));

    assertEquals("nano", first.routeTrace().last().orElseThrow().model());
    assertEquals("gpt-4.1-nano", openAi.takeRequest().model());
    assertEquals(2 * (1_000 * 0.10 + 1_000 * 0.40) / 1e6, spend.totalUsd(), 1e-12); // gpt-4.1-nano list prices
    assertEquals(0, anthropic.requestCount());
  }

  @Test
  void whenTheCheapestFailsTheNextCheapestAnswers() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.text("7"));

    ChatResponse r = router().chat(question());

    assertEquals("mini", r.routeTrace().last().orElseThrow().model());
    assertEquals("gpt-4.1-nano", openAi.takeRequest().model());
    assertEquals("gpt-4o-mini", openAi.takeRequest().model());
    assertEquals(0, anthropic.requestCount());
  }
}
