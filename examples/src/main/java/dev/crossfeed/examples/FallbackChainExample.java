package dev.crossfeed.examples;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.Router;
import java.time.Duration;
import java.util.Map;

/**
 * Wraps the OpenAI and Anthropic keys an app already has in a fallback chain: GPT answers, and when it is down,
 * rate-limited or overloaded, Claude answers instead, within one deadline. The app keeps calling one
 * {@code ChatModel}.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.FallbackChainExample
 * }</pre>
 */
public final class FallbackChainExample {
  private FallbackChainExample() {}

  /**
   * GPT first, Claude when GPT fails; base URLs are the providers' own (or a fake's, in tests).
   *
   * @param openAiKey the OpenAI key
   * @param openAiBaseUrl OpenAI's base URL
   * @param anthropicKey the Anthropic key
   * @param anthropicBaseUrl Anthropic's base URL
   * @return the router
   */
  public static Router router(ApiKey openAiKey, String openAiBaseUrl, ApiKey anthropicKey, String anthropicBaseUrl) {
    ChatModel gpt = OpenAiChatModel.builder().apiKey(openAiKey).baseUrl(openAiBaseUrl).model("gpt-4o-mini").build();
    ChatModel claude =
        AnthropicChatModel.builder().apiKey(anthropicKey).baseUrl(anthropicBaseUrl).model("claude-haiku-4-5").build();
    return Router.builder()
        .model("gpt", gpt) // declared order is the fallback order
        .model("claude", claude)
        .timeout(Duration.ofSeconds(30)) // one deadline for every attempt and wait
        .attemptTimeout(Duration.ofSeconds(15))
        .build();
  }

  /**
   * One line about the answer: who answered, after how many attempts, at what cost.
   *
   * @param r a routed answer
   * @return the line
   */
  public static String describe(ChatResponse r) {
    return String.format(
        "%s%n(answered by %s after %d attempt(s), %d+%d tokens, $%.6f)",
        r.text(),
        r.routeTrace().last().orElseThrow().model(),
        r.routeTrace().attempts().size(),
        r.usage().inputTokens(),
        r.usage().outputTokens(),
        r.cost().map(c -> c.totalUsd()).orElse(0d));
  }

  /**
   * Runs the example against the real providers, with the keys from the environment (it says which to set when
   * they are missing).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!ExampleEnv.require(env, "FallbackChainExample", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")) return;
    Router router =
        router(
            ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow(),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ExampleEnv.key(env, "ANTHROPIC_API_KEY").orElseThrow(),
            AnthropicChatModel.DEFAULT_BASE_URL);
    System.out.println(describe(router.chat("In one sentence: why would an app fall back to a second LLM provider?")));
  }
}
