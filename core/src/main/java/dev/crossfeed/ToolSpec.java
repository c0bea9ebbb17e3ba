package dev.crossfeed;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool (function) the model may call.
 *
 * @param name 1–64 characters of {@code [A-Za-z0-9_-]}, as every provider accepts
 * @param description what the tool does, for the model; may be empty
 * @param parametersJsonSchema a JSON-schema object string for the arguments
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Checks the name and the schema; a null description becomes empty and a missing schema an empty object.
   *
   * @param name the tool's name
   * @param description what the tool does
   * @param parametersJsonSchema the arguments' JSON schema
   */
  public ToolSpec {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must match [A-Za-z0-9_-]{1,64}: " + name);
    }
    description = description == null ? "" : description;
    parametersJsonSchema =
        parametersJsonSchema == null || parametersJsonSchema.isBlank()
            ? "{\"type\":\"object\",\"properties\":{}}"
            : parametersJsonSchema.strip();
    if (!parametersJsonSchema.startsWith("{")) {
      throw new IllegalArgumentException("parametersJsonSchema of tool " + name + " is not a JSON object");
    }
  }

  /**
   * A tool the model may call.
   *
   * @param name 1–64 characters of {@code [A-Za-z0-9_-]}
   * @param description what the tool does, for the model; null means empty
   * @param parametersJsonSchema a JSON-schema object string; null means no arguments
   * @return the tool
   * @throws IllegalArgumentException if the name or schema is malformed
   */
  public static ToolSpec of(String name, String description, String parametersJsonSchema) {
    return new ToolSpec(name, description, parametersJsonSchema);
  }
}
