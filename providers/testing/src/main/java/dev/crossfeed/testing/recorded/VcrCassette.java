package dev.crossfeed.testing.recorded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads VCR cassettes (pydantic-ai {@code *.yaml}, as PyYAML writes them) without a YAML dependency: each
 * interaction's request (method, URI, the recorded header subset, the body) and response (status, headers, body).
 * A {@code parsed_body} is turned back into JSON text; a verbatim {@code body.string} (streams) is kept as is, and a
 * {@code !!binary} one (base64, e.g. Bedrock's binary event stream) is decoded to its bytes.
 *
 * <pre>{@code
 * for (RecordedExchange x : VcrCassette.read(RecordedFixtures.file("openai/test_native_output.yaml"))) {
 *   server.enqueue(x.response().toMockResponse());
 * }
 * }</pre>
 */
public final class VcrCassette {
  private VcrCassette() {}

  /**
   * The interactions of a cassette file, in order.
   *
   * @param file the cassette file
   * @return the exchanges, in order
   */
  public static List<RecordedExchange> read(Path file) {
    return parse(RecordedFixtures.read(file));
  }

  /**
   * The interactions of a cassette.
   *
   * @param yaml the cassette's text
   * @return the exchanges, in order
   * @throws IllegalStateException for YAML outside the subset cassettes use
   */
  public static List<RecordedExchange> parse(String yaml) {
    JsonNode root = MiniYaml.parse(yaml);
    List<RecordedExchange> out = new ArrayList<>();
    for (JsonNode i : root.path("interactions")) {
      JsonNode req = i.path("request");
      JsonNode resp = i.path("response");
      String requestLine = req.path("method").asText("POST") + " " + req.path("uri").asText("/");
      JsonNode status = resp.path("status");
      String statusLine = "HTTP/1.1 " + status.path("code").asInt(200) + " " + status.path("message").asText("");
      out.add(new RecordedExchange(
          new RecordedMessage(requestLine, headers(req), body(req), false),
          new RecordedMessage(statusLine.strip(), headers(resp), body(resp), false)));
    }
    return out;
  }

  /** Cassette headers: a list of values per name (a single scalar is accepted too). */
  private static Map<String, List<String>> headers(JsonNode message) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> h : message.path("headers").properties()) {
      List<String> values = new ArrayList<>();
      if (h.getValue().isArray()) h.getValue().forEach(v -> values.add(text(v)));
      else values.add(text(h.getValue()));
      out.put(h.getKey(), values);
    }
    return out;
  }

  private static byte[] body(JsonNode message) {
    JsonNode parsed = message.get("parsed_body");
    if (parsed != null && !parsed.isNull()) {
      try {
        return RecordedMessage.JSON.writeValueAsBytes(parsed);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    JsonNode body = message.path("body");
    JsonNode string = body.path("string");
    if (string.isBinary()) return ((BinaryNode) string).binaryValue(); // a !!binary body: Bedrock's event stream
    String text = body.isTextual() ? body.asText() : string.asText("");
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A scalar's text; a {@code !!binary} one (botocore records some headers so) decoded as UTF-8. */
  private static String text(JsonNode v) {
    return v.isBinary() ? new String(((BinaryNode) v).binaryValue(), StandardCharsets.UTF_8) : v.asText();
  }
}
