package dev.crossfeed.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function call whose arguments Vertex AI streams in pieces ({@code streamFunctionCallArguments}, §5.3): a
 * part {@code {"name":…,"willContinue":true}} opens it, parts with {@code partialArgs} entries
 * ({@code jsonPath} plus {@code stringValue} pieces, {@code numberValue}, {@code boolValue} or
 * {@code nullValue}) fill it, and an empty {@code functionCall} part closes it. String pieces of one path are
 * concatenated. Paths are {@code $.a.b[0].c}; anything else is kept under its literal key. Not thread-safe.
 */
final class PartialFunctionCall {
  final int index;
  final String id;
  final String name;
  private final ObjectNode args = Json.objectNode();
  private final Map<String, StringBuilder> strings = new LinkedHashMap<>();

  PartialFunctionCall(int index, String id, String name) {
    this.index = index;
    this.id = id;
    this.name = name;
  }

  /** Applies the {@code partialArgs} of one part. */
  void apply(JsonNode partialArgs) {
    if (partialArgs == null || !partialArgs.isArray()) return;
    for (JsonNode a : partialArgs) {
      String path = a.path("jsonPath").asText("");
      if (path.isEmpty()) continue;
      if (a.has("stringValue")) {
        strings.computeIfAbsent(path, p -> new StringBuilder()).append(a.get("stringValue").asText(""));
      } else if (a.has("numberValue")) {
        set(args, path, a.get("numberValue"));
      } else if (a.has("boolValue")) {
        set(args, path, a.get("boolValue"));
      } else if (a.has("nullValue")) {
        set(args, path, JsonNodeFactory.instance.nullNode());
      }
    }
  }

  /** The arguments as a JSON object string. */
  String argumentsJson() {
    for (Map.Entry<String, StringBuilder> e : strings.entrySet()) {
      set(args, e.getKey(), JsonNodeFactory.instance.textNode(e.getValue().toString()));
    }
    strings.clear();
    return args.toString();
  }

  /** Sets {@code value} at a {@code $.a.b[0]} path below {@code root}, creating objects and arrays on the way. */
  static void set(ObjectNode root, String path, JsonNode value) {
    String p = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
    if (!p.matches("[^.\\[\\]]+(\\[\\d{1,4}\\])*(\\.[^.\\[\\]]+(\\[\\d{1,4}\\])*)*")) {
      root.set(p, value);
      return;
    }
    JsonNode node = root;
    String[] segments = p.split("\\.");
    for (int s = 0; s < segments.length; s++) {
      String seg = segments[s];
      int bracket = seg.indexOf('[');
      String key = bracket < 0 ? seg : seg.substring(0, bracket);
      int[] indices = indices(bracket < 0 ? "" : seg.substring(bracket));
      boolean lastSegment = s == segments.length - 1;
      if (indices.length == 0) {
        if (lastSegment) {
          ((ObjectNode) node).set(key, value);
          return;
        }
        node = child((ObjectNode) node, key, false);
        continue;
      }
      JsonNode container = child((ObjectNode) node, key, true);
      for (int i = 0; i < indices.length; i++) {
        ArrayNode array = (ArrayNode) container;
        while (array.size() <= indices[i]) array.addNull();
        boolean last = lastSegment && i == indices.length - 1;
        if (last) {
          array.set(indices[i], value);
          return;
        }
        boolean nextIsArray = i < indices.length - 1;
        JsonNode next = array.get(indices[i]);
        if (nextIsArray ? !next.isArray() : !next.isObject()) {
          next = nextIsArray ? Json.arrayNode() : Json.objectNode();
          array.set(indices[i], next);
        }
        container = next;
      }
      node = container;
    }
  }

  private static JsonNode child(ObjectNode node, String key, boolean array) {
    JsonNode c = node.get(key);
    if (array ? c != null && c.isArray() : c != null && c.isObject()) return c;
    return array ? node.putArray(key) : node.putObject(key);
  }

  private static int[] indices(String brackets) {
    if (brackets.isEmpty()) return new int[0];
    String[] parts = brackets.substring(1, brackets.length() - 1).split("\\]\\[");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
    return out;
  }
}
