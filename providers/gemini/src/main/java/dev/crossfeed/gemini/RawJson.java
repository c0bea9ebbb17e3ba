package dev.crossfeed.gemini;

/**
 * Collects stream lines that are not SSE fields until they form one complete JSON value, the way the Python SDK
 * does for Gemini's unprefixed mid-stream errors: counts braces and brackets outside strings. Lines that do not
 * start a JSON value are ignored (unknown SSE fields). Bounded; not thread-safe.
 */
final class RawJson {
  /** Returned by {@link #append} when the pending value outgrew the cap. */
  static final String OVERFLOW = new String("overflow");

  private final int max;
  private final StringBuilder buf = new StringBuilder();
  private int depth;
  private boolean inString;
  private boolean escaped;

  RawJson(int max) {
    this.max = max;
  }

  /** Adds a line; returns the complete JSON text once balanced, {@link #OVERFLOW}, or null for more. */
  String append(String line) {
    if (buf.length() == 0) {
      String t = line.stripLeading();
      if (t.isEmpty() || (t.charAt(0) != '{' && t.charAt(0) != '[')) return null;
    }
    if (buf.length() + line.length() > max) {
      reset();
      return OVERFLOW;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    buf.append(line).append('\n');
    if (depth > 0 || inString) return null;
    String json = buf.toString();
    reset();
    return json;
  }

  private void reset() {
    buf.setLength(0);
    depth = 0;
    inString = false;
    escaped = false;
  }
}
