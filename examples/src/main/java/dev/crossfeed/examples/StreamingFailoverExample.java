package dev.crossfeed.examples;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiHost;
import dev.crossfeed.routing.Router;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams an answer through a router. A stream that fails before its first token (an error status, an overloaded
 * event, a dropped connection, no token within the first-token timeout) fails over to the next model, and the
 * caller never notices. Once tokens reached the caller nothing is replayed: a later break is
 * {@link Failure#STREAM_INTERRUPTED} carrying the partial answer.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.StreamingFailoverExample
 * }</pre>
 */
public final class StreamingFailoverExample {
  private StreamingFailoverExample() {}

  /**
   * A route whose streams fail over to Claude when GPT fails before its first token.
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
        .model("gpt", gpt)
        .model("claude", claude)
        .firstTokenTimeout(Duration.ofSeconds(5)) // no first token in 5s: try the next model
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  /**
   * Streams the answer's text to {@code sink} as it arrives and returns the complete answer.
   *
   * @param model the model or router
   * @param prompt the user's message
   * @param sink receives each piece of text
   * @return the complete answer
   * @throws ChatModelException STREAM_INTERRUPTED (with {@code partialResponse()}) if the stream broke after text
   *     was delivered, or the last failure if no model could start the stream
   */
  public static ChatResponse stream(ChatModel model, String prompt, Consumer<String> sink) {
    try (ChatStream stream = model.stream(ChatRequest.of(prompt))) {
      for (StreamEvent event : stream) {
        if (event instanceof StreamEvent.TextDelta) sink.accept(((StreamEvent.TextDelta) event).text());
      }
      return stream.response();
    }
  }

  /**
   * Runs the example against the real providers, with the keys from the environment (it says which to set when
   * they are missing).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!ExampleEnv.require(env, "StreamingFailoverExample", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")) return;
    Router router =
        router(
            ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow(),
            OpenAiHost.OPENAI.defaultBaseUrl().orElseThrow(),
            ExampleEnv.key(env, "ANTHROPIC_API_KEY").orElseThrow(),
            AnthropicChatModel.DEFAULT_BASE_URL);
    try {
      ChatResponse r = stream(router, "Write a haiku about a spare fuel tank.", text -> {
        System.out.print(text);
        System.out.flush();
      });
      System.out.println("\n(streamed by " + r.routeTrace().last().orElseThrow().model() + ")");
    } catch (ChatModelException e) {
      if (e.failure() == Failure.STREAM_INTERRUPTED) {
        System.out.println("\n(the stream broke after " + e.partialResponse().map(p -> p.text().length()).orElse(0)
            + " characters; nothing is replayed)");
      } else {
        System.out.println("no model could answer: " + e.getMessage());
      }
    }
  }
}
