package dev.crossfeed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
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
  /** Keys at least this long are scrubbed wherever they occur; shorter ones only where they stand alone. */
  public static final int MIN_SECRET_LENGTH = 8;

  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /**
   * Wraps a key; surrounding whitespace is removed.
   *
   * <p>A key travels in an HTTP header, so it must be printable ASCII. Characters that copy-paste adds unseen (a
   * no-break space, a zero-width space, a byte-order mark) or a typed {@code é} are refused here, when the model is
   * configured, instead of failing every call later with an error that could quote the key.
   *
   * @param value the key as issued, e.g. {@code sk-...}
   * @return the wrapped key
   * @throws NullPointerException for null
   * @throws IllegalArgumentException if the key is blank or contains CR, LF or another control character (which
   *     could inject HTTP headers) or a character outside printable ASCII; the message names the index and, for an
   *     invisible character, its code point, never the key
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
    String key = value.strip();
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) > 0x7e) throw new IllegalArgumentException(notAscii(value, value.indexOf(key) + i));
    }
    return new ApiKey(key);
  }

  /** Names an invisible character by code point (it is no part of a real key); a visible one only by index. */
  private static String notAscii(String value, int i) {
    int cp = value.codePointAt(i);
    int type = Character.getType(cp);
    boolean invisible = Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.FORMAT;
    String what = invisible
        ? String.format(Locale.ROOT, "an invisible character (U+%04X) at index %d", cp, i)
        : "a non-ASCII character at index " + i;
    return "apiKey contains " + what + " (keys are printable ASCII; was it copied with a stray character?)";
  }

  /**
   * Reads a key from an environment variable.
   *
   * @param variable the variable's name, e.g. {@code OPENAI_API_KEY}
   * @return the wrapped key
   * @throws IllegalStateException naming the variable when it is unset or blank
   * @throws IllegalArgumentException as {@link #of} does for a value that is not a usable key
   */
  public static ApiKey fromEnv(String variable) {
    Objects.requireNonNull(variable, "variable == null");
    String v = System.getenv(variable);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " is not set");
    }
    return of(v);
  }

  /**
   * The secret value, for putting on the wire. Never log it.
   *
   * @return the key as given to {@link #of}, surrounding whitespace removed
   */
  public String reveal() {
    return value;
  }

  /**
   * Returns true if {@code text} contains this key where {@link #scrub} would replace it; used to check provider
   * messages before surfacing them.
   *
   * @param text any text, possibly null
   * @return true if scrubbing would change {@code text}
   */
  public boolean isContainedIn(String text) {
    return text != null && !scrub(text).equals(text);
  }

  /**
   * Replaces this key in {@code text} with {@code [redacted]}.
   *
   * <p>A key of at least {@value #MIN_SECRET_LENGTH} characters (every provider's keys are much longer) is replaced
   * wherever it occurs. A shorter one, such as a test's {@code ApiKey.of("k")}, is replaced only where it stands
   * alone (not inside a longer run of letters, digits, {@code -} or {@code _}), so {@code "bad key k"} becomes
   * {@code "bad key [redacted]"} instead of {@code "bad [redacted]ey [redacted]"}.
   *
   * @param text any text, possibly null
   * @return {@code text} with this key replaced, or null for null
   */
  public String scrub(String text) {
    if (text == null) return null;
    if (value.length() >= MIN_SECRET_LENGTH) return text.replace(value, "[redacted]");
    int at = text.indexOf(value);
    if (at < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (at >= 0) {
      int end = at + value.length();
      if (!isWordChar(text, at - 1) && !isWordChar(text, end)) {
        out.append(text, from, at).append("[redacted]");
        from = end;
        at = text.indexOf(value, end);
      } else {
        at = text.indexOf(value, at + 1);
      }
    }
    return out.append(text, from, text.length()).toString();
  }

  private static boolean isWordChar(String text, int i) {
    if (i < 0 || i >= text.length()) return false;
    char c = text.charAt(i);
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
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
