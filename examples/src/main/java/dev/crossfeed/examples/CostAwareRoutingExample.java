package dev.crossfeed.examples;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.Strategy;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Cost-aware routing: {@link Strategy#LOWEST_COST} sends each request to the cheapest healthy model that can serve
 * it (estimated from its input size, its {@code maxOutputTokens} and the models' prices per million tokens), and
 * falls back to the next cheapest when that one fails. Every response carries its cost, so spend is one sum away.
 * Prices come from the bundled catalog; override them with a {@code ModelInfo} (or in the config file).
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.CostAwareRoutingExample
 * }</pre>
 */
public final class CostAwareRoutingExample {
  private CostAwareRoutingExample() {}

  /** Running total of what the calls cost, in USD. Thread-safe. */
  public static final class Spend {
    private final DoubleAdder usd = new DoubleAdder();

    /**
     * Adds the response's cost (zero if its model's prices are unknown) and returns the response.
     *
     * @param r a routed answer
     * @return the same answer
     */
    public ChatResponse record(ChatResponse r) {
      usd.add(r.cost().map(c -> c.totalUsd()).orElse(0d));
      return r;
    }

    /** {@return what the recorded calls cost so far, in USD} */
    public double totalUsd() {
      return usd.sum();
    }
  }

  /**
   * Three models at three price points; the router tries the cheapest first.
   *
   * @param openAiKey the OpenAI key
   * @param openAiBaseUrl OpenAI's base URL (a fake's in tests)
   * @param anthropicKey the Anthropic key
   * @param anthropicBaseUrl Anthropic's base URL (a fake's in tests)
   * @return the router
   */
  public static Router router(ApiKey openAiKey, String openAiBaseUrl, ApiKey anthropicKey, String anthropicBaseUrl) {
    ChatModel nano = OpenAiChatModel.builder().apiKey(openAiKey).baseUrl(openAiBaseUrl).model("gpt-4.1-nano").build();
    ChatModel mini = OpenAiChatModel.builder().apiKey(openAiKey).baseUrl(openAiBaseUrl).model("gpt-4o-mini").build();
    ChatModel haiku =
        AnthropicChatModel.builder().apiKey(anthropicKey).baseUrl(anthropicBaseUrl).model("claude-haiku-4-5").build();
    return Router.builder()
        .strategy(Strategy.LOWEST_COST)
        .model("claude", haiku) // declared order does not matter here: price does
        .model("mini", mini)
        .model("nano", nano)
        .build();
  }

  /**
   * Runs the example against the real providers, with the keys from the environment (it says which to set when
   * they are missing).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!ExampleEnv.require(env, "CostAwareRoutingExample", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")) return;
    Router router =
        router(
            ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow(),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ExampleEnv.key(env, "ANTHROPIC_API_KEY").orElseThrow(),
            AnthropicChatModel.DEFAULT_BASE_URL);
    Spend spend = new Spend();
    for (String q : new String[] {"Name a prime number.", "Name a noble gas.", "Name a Norwegian fjord."}) {
      ChatResponse r = spend.record(router.chat(ChatRequest.builder().user(q).maxOutputTokens(20).build()));
      System.out.printf("%-26s -> %-30s by %s%n", q, r.text().strip(), r.routeTrace().last().orElseThrow().model());
    }
    System.out.printf("spent $%.6f%n", spend.totalUsd());
  }
}
