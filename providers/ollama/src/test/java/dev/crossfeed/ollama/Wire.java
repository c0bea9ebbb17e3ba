package dev.crossfeed.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Ollama wire shapes for MockWebServer tests. */
final class Wire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DONE =
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-10-26T17:21:21.231094Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
          + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":182242375,\"prompt_eval_count\":26,\"eval_count\":15}";

  private Wire() {}

  /** A 200 NDJSON stream of the given lines, each ended by a newline. */
  static MockResponse ndjson(String... lines) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/x-ndjson")
        .body(String.join("\n", lines) + "\n")
        .build();
  }

  /** A JSON body with a status. */
  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** One streamed content line. */
  static String chunk(String content) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2025-10-26T17:21:21.196249Z\",\"message\":{\"role\":\"assistant\",\"content\":"
        + quote(content) + "},\"done\":false}";
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode body(RecordedRequest r) {
    return tree(r.getBody().utf8());
  }

  static RecordedRequest take(MockWebServer server) {
    try {
      RecordedRequest r = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
      if (r == null) throw new AssertionError("no request reached the server");
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static OllamaChatModel.Builder model(MockWebServer server) {
    return OllamaChatModel.builder().model("llama3.2").baseUrl(server.url("/").toString());
  }
}
