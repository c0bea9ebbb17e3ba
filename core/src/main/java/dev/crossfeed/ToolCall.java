package dev.crossfeed;

import java.util.Objects;

/**
 * A tool call the model asked for.
 *
 * @param id the provider's call id, echoed back in the tool result (synthesised when a provider has none)
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON object string, {@code {}} when none
 */
public record ToolCall(String id, String name, String argumentsJson) {
  /**
   * Checks id and name are there; blank arguments become {@code {}}.
   *
   * @param id the provider's call id
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object string
   */
  public ToolCall {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
  }
}
