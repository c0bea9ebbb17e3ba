package dev.crossfeed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A provider API key. Its {@link #toString()} never reveals the value, so a key can sit in configuration
 * objects, logs and exception messages without leaking.
 *
 * <pre>{@code
 * ApiKey key = ApiKey.fromEnv("OPENAI_API_KEY");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Only provider code should call {@link #reveal()}, to put the key on the wire.
 */
public final class ApiKey {
  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /**
   * Wraps a key.
   *
   * @throws IllegalArgumentException if the key is blank or contains CR, LF or other control characters
   *     (which could inject HTTP headers)
   */
  public static ApiKey of(String value) {
    Objects.requireNonNull(value, "apiKey == null");
    if (value.isBlank()) throw new IllegalArgumentException("apiKey is blank");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("apiKey contains a control character at index " + i);
      }
    }
    return new ApiKey(value.strip());
  }

  /**
   * Reads a key from an environment variable.
   *
   * @throws IllegalStateException naming the variable when it is unset or blank
   */
  public static ApiKey fromEnv(String variable) {
    Objects.requireNonNull(variable, "variable == null");
    String v = System.getenv(variable);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " is not set");
    }
    return of(v);
  }

  /** The secret value, for putting on the wire. Never log it. */
  public String reveal() {
    return value;
  }

  /** Returns true if {@code text} contains this key; used to scrub provider messages before surfacing them. */
  public boolean isContainedIn(String text) {
    return text != null && text.contains(value);
  }

  /** Replaces every occurrence of this key in {@code text} with {@code [redacted]}. */
  public String scrub(String text) {
    return text == null ? null : text.replace(value, "[redacted]");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), ((ApiKey) o).value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@code ApiKey[redacted]}. */
  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
