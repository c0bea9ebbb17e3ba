package dev.crossfeed.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * JSON for providers, with read limits so a hostile server cannot exhaust memory or stack: nesting depth
 * {@value #MAX_DEPTH}, strings up to {@value #MAX_STRING} characters, numbers up to {@value #MAX_NUMBER} digits.
 * Unknown properties are ignored (providers add fields all the time).
 *
 * <p>The one {@link ObjectMapper} behind it stays private: a mapper handed out could be reconfigured by any caller
 * and defeat the limits for every provider. Only immutable readers and writers, tree nodes and generators leave
 * this class.
 */
public final class Json {
  /** Deepest JSON nesting read. */
  public static final int MAX_DEPTH = 200;
  /** Longest JSON string read, in characters. */
  public static final int MAX_STRING = 20_000_000;
  /** Longest JSON number read, in digits. */
  public static final int MAX_NUMBER = 400;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING)
                          .maxNumberLength(MAX_NUMBER)
                          .build())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final ObjectReader READER = MAPPER.reader();
  private static final ObjectWriter WRITER = MAPPER.writer();

  private Json() {}

  /** The immutable reader, with the limits above. */
  public static ObjectReader reader() {
    return READER;
  }

  /** The immutable writer. */
  public static ObjectWriter writer() {
    return WRITER;
  }

  /**
   * Parses a whole body, exactly as the mapper always did (an ObjectReader's readTree differs on edge cases: a
   * routing suite caught it); null or a missing node for empty input.
   */
  public static JsonNode readTree(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  /** Parses one document (a stream event, a line); null for empty input. */
  public static JsonNode readTree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  /** A new empty object node. */
  public static ObjectNode objectNode() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode arrayNode() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** {@code value} (JSON-like: maps, lists, strings, numbers, booleans, null) as a tree. */
  public static JsonNode valueToTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** {@code value} serialised. */
  public static byte[] writeValueAsBytes(Object value) throws JsonProcessingException {
    return WRITER.writeValueAsBytes(value);
  }

  /** {@code value} serialised. */
  public static String writeValueAsString(Object value) throws JsonProcessingException {
    return WRITER.writeValueAsString(value);
  }

  /** Writes {@code value} to a generator made by {@link #createGenerator}. */
  public static void writeValue(JsonGenerator g, Object value) throws IOException {
    WRITER.writeValue(g, value);
  }

  /**
   * Merges {@link dev.crossfeed.ChatRequest#extraFields()} into a request body: the one rule every provider
   * applies, so a request means the same thing whichever member of a route answers. An object merges key by key
   * into the object the provider wrote under that key, recursively; any other value (string, number, boolean,
   * array, null) replaces what is there; a key the provider did not write is added.
   */
  public static void mergeExtraFields(ObjectNode body, Map<String, ?> extraFields) {
    for (Map.Entry<String, ?> e : extraFields.entrySet()) merge(body, e.getKey(), valueToTree(e.getValue()));
  }

  private static void merge(ObjectNode target, String name, JsonNode value) {
    JsonNode existing = target.get(name);
    if (existing instanceof ObjectNode && value != null && value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) merge((ObjectNode) existing, e.getKey(), e.getValue());
    } else {
      target.set(name, value == null ? NullNode.getInstance() : value);
    }
  }

  /** A streaming generator writing UTF-8 to {@code out}; the caller closes it. */
  public static JsonGenerator createGenerator(OutputStream out) throws IOException {
    return MAPPER.getFactory().createGenerator(out);
  }
}
