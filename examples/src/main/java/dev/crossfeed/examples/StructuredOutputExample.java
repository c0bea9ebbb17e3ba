package dev.crossfeed.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.openai.OpenAiChatModel;
import java.util.Map;

/**
 * Structured output: ask for JSON matching a schema ({@link ResponseFormat#jsonSchema}) and map it to a Java
 * record with Jackson. Providers enforce the schema where they can; a router only picks models that support JSON
 * schemas for such a request.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... java -cp examples/target/crossfeed.jar dev.crossfeed.examples.StructuredOutputExample
 * }</pre>
 */
public final class StructuredOutputExample {
  /** The answer's shape. */
  public record Capital(String country, String city, long population) {}

  static final String SCHEMA =
      "{\"type\":\"object\",\"additionalProperties\":false,"
          + "\"properties\":{\"country\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"},"
          + "\"population\":{\"type\":\"integer\"}},"
          + "\"required\":[\"country\",\"city\",\"population\"]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private StructuredOutputExample() {}

  /**
   * The capital of {@code country}, as a record.
   *
   * @param model the model or router
   * @param country the country
   * @return the capital, parsed from the JSON answer
   * @throws IllegalStateException if the answer is not JSON of the expected shape
   */
  public static Capital capitalOf(ChatModel model, String country) {
    ChatResponse r =
        model.chat(
            ChatRequest.builder()
                .system("You answer with facts as JSON.")
                .user("What is the capital of " + country + "? Include its population.")
                .responseFormat(ResponseFormat.jsonSchema("capital", SCHEMA))
                .build());
    try {
      return JSON.readValue(r.text(), Capital.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the answer of " + r.model() + " is not a Capital: " + e.getOriginalMessage(), e);
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
    if (!ExampleEnv.require(env, "StructuredOutputExample", "OPENAI_API_KEY")) return;
    ChatModel gpt = OpenAiChatModel.builder().apiKey(ExampleEnv.key(env, "OPENAI_API_KEY").orElseThrow()).model("gpt-4o-mini").build();
    System.out.println(capitalOf(gpt, "Norway"));
  }
}
