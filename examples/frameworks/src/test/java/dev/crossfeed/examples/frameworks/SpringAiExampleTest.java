package dev.crossfeed.examples.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.ai.chat.client.ChatClient;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SpringAiExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private ChatClient chat() {
    return SpringAiExample.chatClient(
        LangChain4jExample.router(ApiKey.of("sk-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl()));
  }

  @Test
  void claudeRunsTheToolAndAnswersWhenGptIsRateLimitedForLong() {
    openAi.enqueue(FakeResponse.failure(Failure.QUOTA_EXHAUSTED));
    anthropic.enqueue(
        FakeResponse.toolCall("toolu_1", "weather", "{\"city\":\"Lisbon\"}"), FakeResponse.text("No umbrella needed."));

    assertEquals("No umbrella needed.", SpringAiExample.ask(chat(), "Umbrella in Lisbon?"));

    anthropic.takeRequest();
    assertEquals("\"Lisbon: sunny, 21C\"", anthropic.takeRequest().toolResults().get(0).text());
  }

  @Test
  void streamsTheAnswer() {
    openAi.enqueue(FakeResponse.textChunks("No ", "umbrella."));

    assertEquals("No umbrella.", String.join("", SpringAiExample.askStreaming(chat(), "Umbrella?").collectList().block()));
  }
}
