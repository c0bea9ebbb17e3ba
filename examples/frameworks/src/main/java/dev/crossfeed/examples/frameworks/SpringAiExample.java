package dev.crossfeed.examples.frameworks;

import dev.crossfeed.ApiKey;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.Router;
import dev.crossfeed.springai.CrossfeedChatModel;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@code ChatClient} with a tool, answered by a Crossfeed route: GPT first, Claude when GPT is down,
 * rate-limited (Spring AI alone treats a 429 as final) or overloaded. The app code is plain Spring AI; failover is
 * {@code ChatClient.create(CrossfeedChatModel.of(router))}.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp ... dev.crossfeed.examples.frameworks.SpringAiExample
 * }</pre>
 */
public final class SpringAiExample {
  private SpringAiExample() {}

  /** A tool the model may call. */
  public static final class Weather {
    /** Today's weather in a city (a stand-in for a real weather service). */
    @Tool(description = "Today's weather in a city")
    public String weather(String city) {
      return city + ": sunny, 21C";
    }
  }

  /** A chat client over the route (build the route as in {@link LangChain4jExample#router}). */
  public static ChatClient chatClient(Router router) {
    return ChatClient.builder(CrossfeedChatModel.of(router))
        .defaultSystem("You help travellers. Use the weather tool for weather questions. Be brief.")
        .defaultTools(new Weather())
        .build();
  }

  /** One question, answered after any tool calls. */
  public static String ask(ChatClient chat, String question) {
    return chat.prompt().user(question).call().content();
  }

  /** One question, streamed; disposing the subscription closes the routed stream. */
  public static Flux<String> askStreaming(ChatClient chat, String question) {
    return chat.prompt().user(question).stream().content();
  }

  /** Asks one question with keys from the environment; without them, says which to set. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String openAi = env.get("OPENAI_API_KEY");
    String anthropic = env.get("ANTHROPIC_API_KEY");
    if (openAi == null || anthropic == null) {
      System.out.println("SpringAiExample: set OPENAI_API_KEY and ANTHROPIC_API_KEY to run it.");
      return;
    }
    Router router =
        LangChain4jExample.router(
            ApiKey.of(openAi),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ApiKey.of(anthropic),
            AnthropicChatModel.DEFAULT_BASE_URL);
    askStreaming(chatClient(router), "Do I need an umbrella in Lisbon today?").doOnNext(System.out::print).blockLast();
    System.out.println();
  }
}
