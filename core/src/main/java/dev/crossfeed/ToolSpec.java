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

  public static ToolSpec of(String name, String description, String parametersJsonSchema) {
    return new ToolSpec(name, description, parametersJsonSchema);
  }
}
