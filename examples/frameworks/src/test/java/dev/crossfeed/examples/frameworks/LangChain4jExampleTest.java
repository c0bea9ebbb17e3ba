package dev.crossfeed.examples.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LangChain4jExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private LangChain4jExample.Assistant assistant() {
    return LangChain4jExample.assistant(
        LangChain4jExample.router(ApiKey.of("sk-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl()));
  }

  @Test
  void claudeRunsTheToolAndAnswersWhenGptIsOverloaded() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    anthropic.enqueue(
        FakeResponse.toolCall("toolu_1", "weather", "{\"city\":\"Lisbon\"}"), FakeResponse.text("No umbrella needed."));

    assertEquals("No umbrella needed.", assistant().chat("Umbrella in Lisbon?"));

    anthropic.takeRequest();
    FakeRequest second = anthropic.takeRequest();
    assertEquals("Lisbon: sunny, 21C", second.toolResults().get(0).text());
  }
}
