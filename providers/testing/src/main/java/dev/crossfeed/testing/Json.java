package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** JSON equality for assertions: tool arguments and schemas are compared parsed, never as strings. */
final class Json {
  private Json() {}

  static void assertEqual(String expected, String actual) {
    JsonNode e = parse(expected, "expected");
    JsonNode a = parse(actual, "actual");
    if (!e.equals(a)) throw new AssertionError("JSON differs: expected " + e + " but was " + a);
  }

  private static JsonNode parse(String json, String what) {
    try {
      JsonNode node = OpenAiWire.JSON.readTree(json);
      if (node == null) throw new AssertionError(what + " is not JSON: <" + json + ">");
      return node;
    } catch (JsonProcessingException e) {
      throw new AssertionError(what + " is not JSON: <" + json + ">", e);
    }
  }
}
