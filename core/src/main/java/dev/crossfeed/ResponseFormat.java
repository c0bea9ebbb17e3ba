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
  /** Free text, the default. */
  public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, Optional.empty(), Optional.empty(), false);
  /** Any JSON object (JSON mode); say in the prompt what it should hold. */
  public static final ResponseFormat JSON_OBJECT =
      new ResponseFormat(Type.JSON_OBJECT, Optional.empty(), Optional.empty(), false);

  /** The kinds of format. */
  public enum Type {
    /** Free text. */
    TEXT,
    /** Any JSON object. */
    JSON_OBJECT,
    /** JSON matching a schema. */
    JSON_SCHEMA
  }

  /**
   * Checks the schema is given for {@link Type#JSON_SCHEMA} and only for it.
   *
   * @param type the kind of format
   * @param schemaName a name for the schema
   * @param schemaJson the JSON schema
   * @param strict enforce the schema exactly where the provider can
   */
  public ResponseFormat {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(schemaName, "schemaName == null");
    Objects.requireNonNull(schemaJson, "schemaJson == null");
    if ((type == Type.JSON_SCHEMA) != schemaJson.isPresent()) {
      throw new IllegalArgumentException("schemaJson is required for JSON_SCHEMA and only for it");
    }
  }

  /**
   * JSON matching {@code schemaJson}, strictly enforced where supported.
   *
   * @param name a name for the schema (OpenAI requires one)
   * @param schemaJson the JSON schema, a JSON object as a string
   * @return the format
   * @throws IllegalArgumentException if the schema is not a JSON object
   */
  public static ResponseFormat jsonSchema(String name, String schemaJson) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(schemaJson, "schemaJson == null");
    if (!schemaJson.strip().startsWith("{")) throw new IllegalArgumentException("schemaJson is not a JSON object");
    return new ResponseFormat(Type.JSON_SCHEMA, Optional.of(name), Optional.of(schemaJson.strip()), true);
  }
}
