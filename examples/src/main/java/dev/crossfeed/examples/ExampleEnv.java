package dev.crossfeed.examples;

import dev.crossfeed.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the examples' API keys from the environment. An example whose keys are missing says which variables to
 * set and returns normally (exit code 0), so running every example in CI without keys does not fail the build.
 */
final class ExampleEnv {
  private ExampleEnv() {}

  /** The key in {@code variable}, if set and not blank. */
  static Optional<ApiKey> key(Map<String, String> env, String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(ApiKey.of(v));
  }

  /**
   * True if every variable is set; otherwise prints which are missing and returns false.
   *
   * @param example the example's name, for the message
   */
  static boolean require(Map<String, String> env, String example, String... variables) {
    List<String> missing = new ArrayList<>();
    for (String v : variables) if (key(env, v).isEmpty()) missing.add(v);
    if (missing.isEmpty()) return true;
    System.out.println(example + ": skipped, set " + String.join(" and ", missing) + " to run it against the real API.");
    return false;
  }
}
