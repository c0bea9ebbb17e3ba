package dev.crossfeed.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Message;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.openai.OpenAiChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Tool calling, the same on every provider: declare a tool with a JSON schema, run the calls the model asks for,
 * send the results back, repeat until the model answers in text. Through a router, only models that support tools
 * are chosen for such a request.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.ToolsExample
 * }</pre>
 */
public final class ToolsExample {
  static final ToolSpec WEATHER =
      ToolSpec.of(
          "get_weather",
          "The current weather in a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ROUNDS = 5;

  private ToolsExample() {}

  /**
   * Asks {@code question}, answering the model's {@code get_weather} calls with {@code weather} (city to report).
   *
   * @param model the model or router
   * @param question the user's question
   * @param weather the tool: from a city to its weather report
   * @return the model's final text answer
   * @throws IllegalStateException if the model keeps calling tools after {@value #MAX_ROUNDS} rounds
   */
  public static String ask(ChatModel model, String question, Function<String, String> weather) {
    List<Message> conversation = new ArrayList<>(List.of(Message.user(question)));
    for (int round = 0; round < MAX_ROUNDS; round++) {
      ChatResponse r = model.chat(ChatRequest.builder().messages(conversation).tool(WEATHER).build());
      if (r.toolCalls().isEmpty()) return r.text();
      conversation.add(Message.assistant(r.text(), r.toolCalls())); // the model's turn, tool calls included
      for (ToolCall call : r.toolCalls()) {
        String result = call.name().equals(WEATHER.name()) ? weather.apply(city(call)) : "unknown tool " + call.name();
        conversation.add(Message.toolResult(call.id(), call.name(), result));
      }
    }
    throw new IllegalStateException("the model still calls tools after " + MAX_ROUNDS + " rounds");
  }

  private static String city(ToolCall call) {
    try {
      return JSON.readTree(call.argumentsJson()).path("city").asText("");
    } catch (JsonProcessingException e) {
      return ""; // the model sent arguments that are not JSON: let the tool report an unknown city
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
    if (!ExampleEnv.require(env, "ToolsExample", "OPENAI_API_KEY")) return;
    ChatModel gpt = OpenAiChatModel.builder().apiKey(ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow()).model("gpt-4o-mini").build();
    String answer =
        ask(gpt, "Should I take an umbrella in Oslo today?",
            city -> "{\"city\":\"" + city + "\",\"sky\":\"rain\",\"celsius\":7}"); // your real weather service here
    System.out.println(answer);
  }
}
