package dev.crossfeed.http;

/**
 * Stands in for an exception whose message carried the API key (a server reflecting the key in a body makes
 * Jackson's "Unrecognized token 'sk-…'" quote it): same class name and stack trace, the key scrubbed from the
 * message, the cause chain redacted the same way.
 */
final class RedactedCause extends Exception {
  private static final long serialVersionUID = 1L;

  RedactedCause(String message, StackTraceElement[] stack, Throwable cause) {
    super(message, cause, false, true);
    setStackTrace(stack);
  }
}
