package dev.crossfeed.http;

import java.io.IOException;
import okio.BufferedSource;

/** Reads newline-delimited JSON (Ollama streams) line by line with a length cap, skipping blank lines. Not thread-safe. */
public final class NdjsonReader {
  private final LineReader lines;

  /**
   * Reads NDJSON lines of at most 1 MiB.
   *
   * @param source the body
   */
  public NdjsonReader(BufferedSource source) {
    this(source, SseReader.DEFAULT_MAX_LINE);
  }

  /**
   * Reads NDJSON lines of at most {@code maxLineBytes}.
   *
   * @param source the body
   * @param maxLineBytes the longest line accepted
   */
  public NdjsonReader(BufferedSource source, long maxLineBytes) {
    this.lines = new LineReader(source, maxLineBytes);
  }

  /**
   * The next non-blank line, or null at the end of input.
   *
   * @return the line, or null at the end of input
   * @throws IOException for I/O failures
   * @throws MalformedStreamException for an over-long line or invalid UTF-8
   */
  public String next() throws IOException {
    while (true) {
      String line = lines.readLine();
      if (line == null) return null;
      if (!line.isBlank()) return line;
    }
  }
}
