package dev.crossfeed.http;

import java.util.Objects;

/** Validation of header values we put on the wire. */
public final class HeaderValues {
  private HeaderValues() {}

  /**
   * Returns {@code value} if it is a safe header value: no CR, LF or other control characters (which would
   * allow header injection), only printable ASCII and tabs.
   *
   * @param name the header's name, for the message
   * @param value the value to check
   * @return the value
   * @throws IllegalArgumentException naming the header (never echoing the value, which may be secret)
   */
  public static String check(String name, String value) {
    Objects.requireNonNull(name, "header name == null");
    Objects.requireNonNull(value, "value of header " + name + " == null");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new IllegalArgumentException(
            "header " + name + " has an illegal character (code " + (int) c + ") at index " + i);
      }
    }
    return value;
  }
}
