package dev.crossfeed.examples.cli;

/** A usage or config error: the CLI prints the message (naming the flag, key or file) and exits with 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
