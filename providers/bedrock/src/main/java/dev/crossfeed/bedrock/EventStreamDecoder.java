package dev.crossfeed.bedrock;

import dev.crossfeed.http.MalformedStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Incremental decoder of the AWS event-stream framing that ConverseStream answers with (bedrock-converse.md §4.1):
 * bytes go in with {@link #feed} in whatever pieces the network delivers, whole messages come out of {@link #next}.
 * Each message is {@code total_length, headers_length, prelude_crc} (big-endian), headers, payload and a message CRC;
 * both CRC-32s are checked, and the prelude CRC before its lengths are trusted, so a corrupt length never makes the
 * decoder wait for bytes that will not come.
 *
 * <p>Bounded: a message is at most {@code maxMessageBytes} (default {@value #DEFAULT_MAX_MESSAGE}, the C reference
 * library's cap), its header section at most {@value #MAX_HEADERS} bytes and a header value at most
 * {@value #MAX_HEADER_VALUE} bytes; only the message being assembled is buffered. Every violation is a
 * {@link MalformedStreamException} naming the message number and byte offset (classified INVALID_RESPONSE, or
 * STREAM_INTERRUPTED once content reached the caller). Not thread-safe.
 */
final class EventStreamDecoder {
  /** The C reference library's cap on one message: 24 MiB. */
  static final int DEFAULT_MAX_MESSAGE = 24 << 20;
  /** Cap on a message's header section: 128 KiB. */
  static final int MAX_HEADERS = 128 << 10;
  /** Cap on one header value: 32 767 bytes. */
  static final int MAX_HEADER_VALUE = 32_767;
  static final int PRELUDE = 12;
  static final int OVERHEAD = 16;

  private final int maxMessageBytes;
  private byte[] buf = new byte[8192];
  private int start;
  private int end;
  private long consumed;
  private int messages;

  EventStreamDecoder() {
    this(DEFAULT_MAX_MESSAGE);
  }

  EventStreamDecoder(int maxMessageBytes) {
    if (maxMessageBytes < OVERHEAD) throw new IllegalArgumentException("maxMessageBytes < " + OVERHEAD);
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Appends bytes read from the network. Drain {@link #next()} to null between feeds to keep the buffer small. */
  void feed(byte[] bytes, int offset, int length) {
    if (length == 0) return;
    if (start == end) {
      start = 0;
      end = 0;
    }
    if (buf.length - end < length) {
      int live = end - start;
      if (buf.length - live >= length && start > 0) {
        System.arraycopy(buf, start, buf, 0, live);
      } else {
        byte[] bigger = new byte[Math.max(buf.length * 2, live + length)];
        System.arraycopy(buf, start, bigger, 0, live);
        buf = bigger;
      }
      start = 0;
      end = live;
    }
    System.arraycopy(bytes, offset, buf, end, length);
    end += length;
  }

  /** The next whole message, or null until more bytes are fed. */
  EventStreamMessage next() throws MalformedStreamException {
    int available = end - start;
    if (available < PRELUDE) return null;
    long total = uint32(start);
    long headersLength = uint32(start + 4);
    int preludeCrc = (int) uint32(start + 8);
    if (crc(start, 8) != preludeCrc) throw malformed("prelude CRC mismatch");
    if (total < OVERHEAD || total > maxMessageBytes) {
      throw malformed("message length " + total + " outside " + OVERHEAD + ".." + maxMessageBytes);
    }
    if (headersLength > total - OVERHEAD || headersLength > MAX_HEADERS) {
      throw malformed("headers length " + headersLength + " does not fit a " + total + "-byte message (cap " + MAX_HEADERS + ")");
    }
    int length = (int) total;
    if (available < length) return null;
    int messageCrc = (int) uint32(start + length - 4);
    if (crc(start, length - 4) != messageCrc) throw malformed("message CRC mismatch");
    int headersEnd = start + PRELUDE + (int) headersLength;
    Map<String, Object> headers = headers(start + PRELUDE, headersEnd);
    byte[] payload = Arrays.copyOfRange(buf, headersEnd, start + length - 4);
    start += length;
    consumed += length;
    messages++;
    return new EventStreamMessage(headers, payload);
  }

  /** Bytes of a message not yet complete. */
  int buffered() {
    return end - start;
  }

  /** Messages decoded so far. */
  int messages() {
    return messages;
  }

  /**
   * Called at the end of the body.
   *
   * @throws MalformedStreamException if it ended inside a message (a truncated frame)
   */
  void finish() throws MalformedStreamException {
    int available = end - start;
    if (available == 0) return;
    String expected = available >= PRELUDE ? " of " + uint32(start) : " (prelude incomplete)";
    throw malformed("stream ended inside a message: " + available + expected + " bytes received");
  }

  private Map<String, Object> headers(int from, int to) throws MalformedStreamException {
    Map<String, Object> out = new LinkedHashMap<>();
    int p = from;
    while (p < to) {
      int nameLength = buf[p++] & 0xff;
      if (nameLength == 0) throw malformed("empty header name");
      need(p, nameLength + 1, to, "header name");
      String name = new String(buf, p, nameLength, StandardCharsets.US_ASCII);
      p += nameLength;
      int type = buf[p++] & 0xff;
      Object value;
      switch (type) {
        case 0:
          value = Boolean.TRUE;
          break;
        case 1:
          value = Boolean.FALSE;
          break;
        case 2:
          need(p, 1, to, name);
          value = buf[p];
          p += 1;
          break;
        case 3:
          need(p, 2, to, name);
          value = (short) (((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff));
          p += 2;
          break;
        case 4:
          need(p, 4, to, name);
          value = (int) uint32(p);
          p += 4;
          break;
        case 5:
        case 8:
          need(p, 8, to, name);
          long v = (uint32(p) << 32) | uint32(p + 4);
          value = type == 5 ? (Object) v : Instant.ofEpochMilli(v);
          p += 8;
          break;
        case 6:
        case 7:
          need(p, 2, to, name);
          int n = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
          p += 2;
          if (n > MAX_HEADER_VALUE) throw malformed("header " + name + " value of " + n + " bytes over the " + MAX_HEADER_VALUE + "-byte cap");
          need(p, n, to, name);
          value = type == 6 ? Arrays.copyOfRange(buf, p, p + n) : utf8(p, n, name);
          p += n;
          break;
        case 9:
          need(p, 16, to, name);
          value = new UUID((uint32(p) << 32) | uint32(p + 4), (uint32(p + 8) << 32) | uint32(p + 12));
          p += 16;
          break;
        default:
          throw malformed("header " + name + " has unknown value type " + type);
      }
      out.put(name, value);
    }
    return out;
  }

  private void need(int p, int n, int to, String what) throws MalformedStreamException {
    if (n > to - p) throw malformed("header " + what + " runs past the header section");
  }

  private String utf8(int p, int n, String name) throws MalformedStreamException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, p, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("header " + name + " is not valid UTF-8");
    }
  }

  private long uint32(int p) {
    return ((buf[p] & 0xffL) << 24) | ((buf[p + 1] & 0xffL) << 16) | ((buf[p + 2] & 0xffL) << 8) | (buf[p + 3] & 0xffL);
  }

  private int crc(int from, int length) {
    CRC32 crc = new CRC32();
    crc.update(buf, from, length);
    return (int) crc.getValue();
  }

  private MalformedStreamException malformed(String what) {
    return new MalformedStreamException(
        "invalid event-stream data: " + what + " (message " + (messages + 1) + " at byte " + consumed + ")");
  }
}
