package dev.crossfeed.examples.frameworks;

import dev.crossfeed.ApiKey;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.langchain4j.CrossfeedChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.Router;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import java.util.Map;

/**
 * A LangChain4j {@code AiServices} assistant with a tool, answered by a Crossfeed route: GPT first, Claude when GPT
 * is down, rate-limited or overloaded. The app code is plain LangChain4j; failover is one line,
 * {@code .chatModel(CrossfeedChatModel.of(router))}.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp ... dev.crossfeed.examples.frameworks.LangChain4jExample
 * }</pre>
 */
public final class LangChain4jExample {
  private LangChain4jExample() {}

  /** The LangChain4j side of the app: an assistant interface. */
  public interface Assistant {
    /** Answers a traveller's question, calling {@link Weather#weather} when it needs the weather. */
    @SystemMessage("You help travellers. Use the weather tool for weather questions. Be brief.")
    String chat(String question);
  }

  /** A tool the assistant may call. */
  public static final class Weather {
    /** Today's weather in a city (a stand-in for a real weather service). */
    @Tool("Today's weather in a city")
    public String weather(String city) {
      return city + ": sunny, 21C";
    }
  }

  /** The route: GPT, then Claude. */
  public static Router router(ApiKey openAiKey, String openAiBaseUrl, ApiKey anthropicKey, String anthropicBaseUrl) {
    return Router.builder()
        .name("assistant")
        .model("gpt", OpenAiChatModel.builder().apiKey(openAiKey).baseUrl(openAiBaseUrl).model("gpt-4o-mini").build())
        .model(
            "claude",
            AnthropicChatModel.builder().apiKey(anthropicKey).baseUrl(anthropicBaseUrl).model("claude-haiku-4-5").build())
        .build();
  }

  /** The assistant over the route. */
  public static Assistant assistant(Router router) {
    return AiServices.builder(Assistant.class).chatModel(CrossfeedChatModel.of(router)).tools(new Weather()).build();
  }

  /** Asks one question with keys from the environment; without them, says which to set. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String openAi = env.get("OPENAI_API_KEY");
    String anthropic = env.get("ANTHROPIC_API_KEY");
    if (openAi == null || anthropic == null) {
      System.out.println("LangChain4jExample: set OPENAI_API_KEY and ANTHROPIC_API_KEY to run it.");
      return;
    }
    Router router =
        router(
            ApiKey.of(openAi),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ApiKey.of(anthropic),
            AnthropicChatModel.DEFAULT_BASE_URL);
    System.out.println(assistant(router).chat("Do I need an umbrella in Lisbon today?"));
  }
}
