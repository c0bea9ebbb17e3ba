package dev.crossfeed.http;

import java.io.IOException;

/** A stream that breaks the framing rules: a line over the limit, invalid UTF-8. Classified INVALID_RESPONSE. */
public final class MalformedStreamException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A stream that broke its framing.
   *
   * @param message what was wrong
   */
  public MalformedStreamException(String message) {
    super(message);
  }
}
