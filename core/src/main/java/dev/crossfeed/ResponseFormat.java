package dev.crossfeed;

import java.util.Objects;
import java.util.Optional;

/**
 * The shape of the answer: free text, any JSON object, or JSON matching a schema.
 *
 * @param type text, JSON object or JSON schema
 * @param schemaName a name for the schema (OpenAI requires one), for {@link Type#JSON_SCHEMA}
 * @param schemaJson the JSON schema as a string, for {@link Type#JSON_SCHEMA}
 * @param strict ask the provider to enforce the schema exactly, where it can
 */
public record ResponseFormat(Type type, Optional<String> schemaName, Optional<String> schemaJson, boolean strict) {
  public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, Optional.empty(), Optional.empty(), false);
  public static final ResponseFormat JSON_OBJECT =
      new ResponseFormat(Type.JSON_OBJECT, Optional.empty(), Optional.empty(), false);

  /** The kinds of format. */
  public enum Type {
    TEXT,
    JSON_OBJECT,
    JSON_SCHEMA
  }

  public ResponseFormat {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(schemaName, "schemaName == null");
    Objects.requireNonNull(schemaJson, "schemaJson == null");
    if ((type == Type.JSON_SCHEMA) != schemaJson.isPresent()) {
      throw new IllegalArgumentException("schemaJson is required for JSON_SCHEMA and only for it");
    }
  }

  /** JSON matching {@code schemaJson}, strictly enforced where supported. */
  public static ResponseFormat jsonSchema(String name, String schemaJson) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(schemaJson, "schemaJson == null");
    if (!schemaJson.strip().startsWith("{")) throw new IllegalArgumentException("schemaJson is not a JSON object");
    return new ResponseFormat(Type.JSON_SCHEMA, Optional.of(name), Optional.of(schemaJson.strip()), true);
  }
}
