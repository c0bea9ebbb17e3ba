package dev.crossfeed.springai;

import dev.crossfeed.ApiKey;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RouterListener;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;

/** A fake OpenAI and a fake Anthropic server, and a fallback route over them: gpt first, then claude. */
final class TwoProviders implements AutoCloseable {
  final FakeOpenAiServer openAi = new FakeOpenAiServer();
  final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  Router router() {
    return router(RouterListener.NONE);
  }

  Router router(RouterListener listener) {
    return Router.builder()
        .name("default")
        .model("gpt", OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build())
        .model(
            "claude",
            AnthropicChatModel.builder().baseUrl(anthropic.baseUrl()).apiKey(ApiKey.of("sk-ant-test")).model("claude-haiku-4-5").build())
        .listener(listener)
        .build();
  }

  @Override
  public void close() {
    openAi.close();
    anthropic.close();
  }
}
