package dev.crossfeed.springai;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;

/** A fake OpenAI and a fake Anthropic server, and a fallback route over them: gpt first, then claude. */
final class TwoProviders implements AutoCloseable {
  final FakeOpenAiServer openAi = new FakeOpenAiServer();
  final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  Router router() {
    return router(gpt());
  }

  /** The real OpenAI model on the fake. */
  ChatModel gpt() {
    return OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build();
  }

  /** The route with {@code gpt} as its first model (e.g. wrapped in a recorder). */
  Router router(ChatModel gpt) {
    return Router.builder()
        .name("default")
        .model("gpt", gpt)
        .model(
            "claude",
            AnthropicChatModel.builder().baseUrl(anthropic.baseUrl()).apiKey(ApiKey.of("sk-ant-test")).model("claude-haiku-4-5").build())
        .build();
  }

  @Override
  public void close() {
    openAi.close();
    anthropic.close();
  }
}
