package dev.crossfeed.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;

/**
 * Writes LangChain4j's JSON-schema model as the JSON-schema text Crossfeed's {@code ToolSpec} and
 * {@code ResponseFormat} carry. Core has no JSON library and LangChain4j's own writer is internal, so this small
 * writer covers every element type of {@code dev.langchain4j.model.chat.request.json}; references point into
 * {@code #/$defs/}, where the root object's definitions are written.
 */
final class SchemaJson {
  private SchemaJson() {}

  static String write(JsonSchemaElement element) {
    StringBuilder out = new StringBuilder(256);
    element(out, element, 0);
    return out.toString();
  }

  private static void element(StringBuilder out, JsonSchemaElement e, int depth) {
    if (depth > 64) throw new IllegalArgumentException("JSON schema nests deeper than 64 levels");
    if (e instanceof JsonRawSchema) {
      out.append(((JsonRawSchema) e).schema().strip());
      return;
    }
    out.append('{');
    if (e instanceof JsonObjectSchema) {
      JsonObjectSchema o = (JsonObjectSchema) e;
      type(out, "object");
      description(out, o.description());
      out.append(",\"properties\":");
      elements(out, o.properties(), depth);
      if (o.required() != null && !o.required().isEmpty()) {
        out.append(",\"required\":");
        strings(out, o.required());
      }
      if (o.additionalProperties() != null) out.append(",\"additionalProperties\":").append(o.additionalProperties());
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        out.append(",\"$defs\":");
        elements(out, o.definitions(), depth);
      }
    } else if (e instanceof JsonStringSchema) {
      type(out, "string");
      description(out, e.description());
    } else if (e instanceof JsonIntegerSchema) {
      type(out, "integer");
      description(out, e.description());
    } else if (e instanceof JsonNumberSchema) {
      type(out, "number");
      description(out, e.description());
    } else if (e instanceof JsonBooleanSchema) {
      type(out, "boolean");
      description(out, e.description());
    } else if (e instanceof JsonNullSchema) {
      type(out, "null");
      description(out, e.description());
    } else if (e instanceof JsonEnumSchema) {
      JsonEnumSchema en = (JsonEnumSchema) e;
      type(out, "string");
      description(out, en.description());
      out.append(",\"enum\":");
      strings(out, en.enumValues());
    } else if (e instanceof JsonArraySchema) {
      JsonArraySchema a = (JsonArraySchema) e;
      type(out, "array");
      description(out, a.description());
      if (a.items() != null) {
        out.append(",\"items\":");
        element(out, a.items(), depth + 1);
      }
    } else if (e instanceof JsonReferenceSchema) {
      JsonReferenceSchema r = (JsonReferenceSchema) e;
      out.append("\"$ref\":");
      string(out, "#/$defs/" + r.reference());
      description(out, r.description());
    } else if (e instanceof JsonAnyOfSchema) {
      JsonAnyOfSchema any = (JsonAnyOfSchema) e;
      out.append("\"anyOf\":[");
      List<JsonSchemaElement> options = any.anyOf();
      for (int i = 0; i < options.size(); i++) {
        if (i > 0) out.append(',');
        element(out, options.get(i), depth + 1);
      }
      out.append(']');
      description(out, any.description());
    } else {
      throw new IllegalArgumentException("unsupported JSON schema element: " + e.getClass().getName());
    }
    out.append('}');
  }

  private static void elements(StringBuilder out, Map<String, JsonSchemaElement> map, int depth) {
    out.append('{');
    boolean first = true;
    if (map != null) {
      for (Map.Entry<String, JsonSchemaElement> p : map.entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(out, p.getKey());
        out.append(':');
        element(out, p.getValue(), depth + 1);
      }
    }
    out.append('}');
  }

  private static void type(StringBuilder out, String type) {
    out.append("\"type\":\"").append(type).append('"');
  }

  private static void description(StringBuilder out, String description) {
    if (description == null) return;
    out.append(",\"description\":");
    string(out, description);
  }

  private static void strings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) out.append(',');
      string(out, values.get(i));
    }
    out.append(']');
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
      }
    }
    out.append('"');
  }
}
