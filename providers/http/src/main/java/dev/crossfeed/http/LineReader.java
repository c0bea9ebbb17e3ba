package dev.crossfeed.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;

/**
 * Reads lines incrementally from a source with a length cap, decoding strict UTF-8. Lines end with LF or CRLF;
 * a final line without terminator is returned too. Not thread-safe.
 */
final class LineReader {
  private final BufferedSource source;
  private final long maxLineBytes;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  LineReader(BufferedSource source, long maxLineBytes) {
    if (maxLineBytes < 1) throw new IllegalArgumentException("maxLineBytes must be >= 1");
    this.source = source;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line without its terminator, or null at the end of input.
   *
   * @throws MalformedStreamException for a line over the cap or invalid UTF-8
   * @throws IOException for I/O failures (reset, timeout)
   */
  String readLine() throws IOException {
    long newline = source.indexOf((byte) '\n', 0, maxLineBytes + 1);
    byte[] bytes;
    if (newline == -1) {
      if (source.getBuffer().size() > maxLineBytes) {
        throw new MalformedStreamException("line longer than " + maxLineBytes + " bytes");
      }
      if (source.exhausted()) return null;
      // the source ended without a newline: the rest is the last line
      long size = source.getBuffer().size();
      if (size > maxLineBytes) throw new MalformedStreamException("line longer than " + maxLineBytes + " bytes");
      bytes = source.readByteArray(size);
    } else {
      bytes = source.readByteArray(newline);
      source.skip(1);
    }
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') len--;
    if (isAscii(bytes, len)) return new String(bytes, 0, len, StandardCharsets.ISO_8859_1); // one copy, no decoder
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedStreamException("invalid UTF-8 in stream");
    }
  }

  private static boolean isAscii(byte[] bytes, int len) {
    for (int i = 0; i < len; i++) {
      if (bytes[i] < 0) return false;
    }
    return true;
  }
}
