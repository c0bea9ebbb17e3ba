package dev.crossfeed.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Encodes messages of the AWS event-stream framing ({@code application/vnd.amazon.eventstream}) that Bedrock's
 * ConverseStream answers with: {@code total_length}, {@code headers_length}, prelude CRC-32, string headers, the
 * payload and a message CRC-32, all big-endian. Used by {@code FakeBedrockServer} and by tests that need exact or
 * deliberately broken frames.
 *
 * <pre>{@code
 * byte[] frame = EventStreamFrames.event("contentBlockDelta",
 *     "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"},\"p\":\"abcd\"}");
 * byte[] throttle = EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many tokens\"}");
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class EventStreamFrames {
  private EventStreamFrames() {}

  /**
   * An {@code event} message with headers {@code :event-type}, {@code :content-type: application/json} and
   * {@code :message-type: event}, in the order Bedrock sends them.
   *
   * @param eventType the event type, e.g. {@code contentBlockDelta}
   * @param json the payload
   * @return the encoded message
   */
  public static byte[] event(String eventType, String json) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":event-type", Objects.requireNonNull(eventType, "eventType == null"));
    h.put(":content-type", "application/json");
    h.put(":message-type", "event");
    return encode(h, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An {@code exception} message (an error inside a 200 stream) with headers {@code :exception-type} (e.g.
   * {@code throttlingException}), {@code :content-type} and {@code :message-type: exception}.
   *
   * @param exceptionType the exception type
   * @param json the payload
   * @return the encoded message
   */
  public static byte[] exception(String exceptionType, String json) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":exception-type", Objects.requireNonNull(exceptionType, "exceptionType == null"));
    h.put(":content-type", "application/json");
    h.put(":message-type", "exception");
    return encode(h, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A message with the given string headers (wire type 7) in iteration order and the payload.
   *
   * @param headers the headers, in order
   * @param payload the payload
   * @return the encoded message
   */
  public static byte[] encode(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length > 255) throw new IllegalArgumentException("header name length " + name.length);
      if (value.length > 0xffff) throw new IllegalArgumentException("header value length " + value.length);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write(value.length >>> 8);
      h.write(value.length & 0xff);
      h.writeBytes(value);
    }
    byte[] hb = h.toByteArray();
    int total = 16 + hb.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.putInt(total).putInt(hb.length);
    b.putInt((int) crc(b.array(), 0, 8));
    b.put(hb).put(payload);
    b.putInt((int) crc(b.array(), 0, total - 4));
    return b.array();
  }

  /**
   * The concatenation of messages, as one body.
   *
   * @param messages the encoded messages, in order
   * @return the body
   */
  public static byte[] concat(List<byte[]> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) out.writeBytes(m);
    return out.toByteArray();
  }

  /**
   * {@code bytes} split into pieces of at most {@code size} bytes, to cut frames across reads or HTTP chunks.
   *
   * @param bytes the bytes to split
   * @param size the most bytes per piece
   * @return the pieces, in order
   */
  public static List<byte[]> split(byte[] bytes, int size) {
    if (size < 1) throw new IllegalArgumentException("size < 1");
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      out.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
    }
    return out;
  }

  private static long crc(byte[] bytes, int from, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, from, length);
    return c.getValue();
  }
}
