package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FallbackChainExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private Router router() {
    return FallbackChainExample.router(ApiKey.of("sk-openai-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl());
  }

  @Test
  void gptAnswersWhileHealthy() {
    openAi.enqueue(FakeResponse.text("From GPT.").usage(10, 4));

    ChatResponse r = router().chat("hi");

    assertEquals("From GPT.", r.text());
    assertTrue(FallbackChainExample.describe(r).contains("answered by gpt after 1 attempt(s)"));
    assertEquals(0, anthropic.requestCount());
  }

  @Test
  void claudeAnswersWhenGptIsOverloaded() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    anthropic.enqueue(FakeResponse.text("From Claude.").usage(10, 4));

    ChatResponse r = router().chat("hi");

    assertEquals("From Claude.", r.text());
    assertTrue(FallbackChainExample.describe(r).contains("answered by claude after 2 attempt(s), 10+4 tokens"));
    assertEquals("sk-ant-test", anthropic.takeRequest().header("x-api-key").orElseThrow());
  }

  @Test
  void withoutKeysTheExampleSaysSoInsteadOfFailing() {
    assertEquals(false, ExampleEnv.require(Map.of(), "FallbackChainExample", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"));
    assertEquals(true, ExampleEnv.require(Map.of("K", "v"), "X", "K"));
  }
}
