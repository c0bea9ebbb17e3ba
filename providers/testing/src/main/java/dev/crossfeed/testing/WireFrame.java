package dev.crossfeed.testing;

import java.util.Objects;

/**
 * One frame of a streamed answer exactly as written on the wire (e.g. {@code "data: {...}\n\n"} for SSE or one
 * NDJSON line), flagged when it carries answer content (text, reasoning or a tool-call fragment). The base
 * server counts content frames to place scripted stream faults ({@code cutAfter(n)}, {@code errorAfter(n)}).
 *
 * @param data the bytes of the frame, as UTF-8 text, including its framing
 * @param content true if the frame carries answer content
 */
public record WireFrame(String data, boolean content) {
  /**
   * Checks the data is there.
   *
   * @param data the frame as written
   * @param content true if it carries answer content
   */
  public WireFrame {
    Objects.requireNonNull(data, "data == null");
  }

  /**
   * A frame that carries answer content.
   *
   * @param data the frame as written
   * @return the frame
   */
  public static WireFrame content(String data) {
    return new WireFrame(data, true);
  }

  /**
   * A frame without answer content (role, finish, usage, terminator, keep-alive).
   *
   * @param data the frame as written
   * @return the frame
   */
  public static WireFrame control(String data) {
    return new WireFrame(data, false);
  }
}
