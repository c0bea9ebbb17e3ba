package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.http.MalformedStreamException;
import dev.crossfeed.testing.EventStreamFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-stream framing of bedrock-converse.md §4: exact bytes, any chunking, every way a frame can be broken. */
@Timeout(10)
class EventStreamDecoderTest {
  /** The worked example of §4.2, byte for byte. */
  static final byte[] WORKED_EXAMPLE = HexFormat.of().parseHex(
      "0000009f00000057c37babff0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f"
          + "6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576"
          + "656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d2c"
          + "2270223a2261626364227df2ace5ff");
  static final String WORKED_PAYLOAD = "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"},\"p\":\"abcd\"}";

  @Test
  void decodesTheWorkedExample() throws Exception {
    EventStreamDecoder d = new EventStreamDecoder();
    d.feed(WORKED_EXAMPLE, 0, WORKED_EXAMPLE.length);
    EventStreamMessage m = d.next();
    assertEquals(List.of(":event-type", ":content-type", ":message-type"), List.copyOf(m.headers().keySet()));
    assertEquals("contentBlockDelta", m.header(":event-type"));
    assertEquals("application/json", m.header(":content-type"));
    assertEquals("event", m.messageType());
    assertEquals(WORKED_PAYLOAD, m.payloadText());
    assertNull(d.next());
    assertEquals(0, d.buffered());
    d.finish();
  }

  @Test
  void theTestEncoderReproducesTheReferenceBytes() {
    assertArrayEquals(WORKED_EXAMPLE, EventStreamFrames.event("contentBlockDelta", WORKED_PAYLOAD));
    byte[] throttle = EventStreamFrames.exception(
        "throttlingException", "{\"message\":\"Too many tokens, please wait before trying again.\"}");
    assertEquals(176, throttle.length);
    assertEquals("000000b0000000614f5086b3", HexFormat.of().formatHex(throttle, 0, 12));
    assertEquals("f70ae57f", HexFormat.of().formatHex(throttle, 172, 176));
  }

  @Test
  void decodesTheSameMessagesWhateverTheChunkBoundaries() throws Exception {
    byte[] body = EventStreamFrames.concat(List.of(
        EventStreamFrames.event("messageStart", "{\"p\":\"abc\",\"role\":\"assistant\"}"),
        WORKED_EXAMPLE,
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"h\u00e9llo \u2603\"}}"),
        EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
        EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many tokens\"}")));
    List<String> whole = decodeInChunks(body, new int[] {body.length});
    assertEquals(5, whole.size());
    assertEquals("exception:{\"message\":\"Too many tokens\"}", whole.get(4));
    assertEquals(whole, decodeInChunks(body, new int[] {1}));
    for (int size : new int[] {2, 3, 7, 11, 12, 13, 16, 100, 158, 159, 160}) {
      assertEquals(whole, decodeInChunks(body, new int[] {size}), "chunks of " + size);
    }
    Random random = new Random(19);
    for (int run = 0; run < 50; run++) {
      int[] sizes = new int[20];
      for (int i = 0; i < sizes.length; i++) sizes[i] = 1 + random.nextInt(200);
      assertEquals(whole, decodeInChunks(body, sizes), "random chunks " + Arrays.toString(sizes));
    }
  }

  @Test
  void aBadPreludeCrcIsRefusedBeforeTheLengthIsTrusted() {
    byte[] frame = WORKED_EXAMPLE.clone();
    frame[3] = (byte) 0xff; // total_length 255 would make a trusting decoder wait for 96 more bytes
    EventStreamDecoder d = new EventStreamDecoder();
    d.feed(frame, 0, 12);
    MalformedStreamException e = assertThrows(MalformedStreamException.class, d::next);
    assertTrue(e.getMessage().contains("prelude CRC mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("message 1 at byte 0"), e.getMessage());
  }

  @Test
  void aBadMessageCrcIsRefused() {
    for (int at : new int[] {12, 40, 0x63, 0x90, WORKED_EXAMPLE.length - 1}) {
      byte[] frame = WORKED_EXAMPLE.clone();
      frame[at] ^= 0x01;
      EventStreamDecoder d = new EventStreamDecoder();
      d.feed(WORKED_EXAMPLE, 0, WORKED_EXAMPLE.length);
      d.feed(frame, 0, frame.length);
      MalformedStreamException e = assertThrows(MalformedStreamException.class, () -> {
        assertEquals(WORKED_PAYLOAD, d.next().payloadText());
        d.next();
      });
      assertTrue(e.getMessage().contains("message CRC mismatch (message 2 at byte 159)"), at + ": " + e.getMessage());
    }
  }

  @Test
  void aBodyEndingInsideAFrameIsTruncated() throws Exception {
    for (int cut : new int[] {1, 11, 12, 100, WORKED_EXAMPLE.length - 1}) {
      EventStreamDecoder d = new EventStreamDecoder();
      d.feed(WORKED_EXAMPLE, 0, cut);
      assertNull(d.next());
      MalformedStreamException e = assertThrows(MalformedStreamException.class, d::finish);
      assertTrue(e.getMessage().contains("stream ended inside a message: " + cut), e.getMessage());
    }
  }

  @Test
  void lengthsOutsideTheBoundsAreRefused() {
    assertMalformed(prelude(15, 0), "message length 15 outside 16..");
    assertMalformed(prelude(0xffffffffL, 0), "message length 4294967295 outside");
    assertMalformed(prelude((24 << 20) + 1, 0), "message length 25165825 outside 16..25165824");
    assertMalformed(prelude(100, 85), "headers length 85 does not fit a 100-byte message");
    assertMalformed(prelude(200_000, 131_073), "headers length 131073");
    EventStreamDecoder small = new EventStreamDecoder(1024);
    byte[] big = prelude(2000, 0);
    small.feed(big, 0, big.length);
    assertThrows(MalformedStreamException.class, small::next);
  }

  @Test
  void aValidPreludeOfALargeMessageWaitsForItsBytes() throws Exception {
    byte[] payload = new byte[100_000];
    Arrays.fill(payload, (byte) 'x');
    byte[] frame = EventStreamFrames.encode(Map.of(":message-type", "event"), payload);
    EventStreamDecoder d = new EventStreamDecoder();
    d.feed(frame, 0, frame.length - 1);
    assertNull(d.next());
    d.feed(frame, frame.length - 1, 1);
    assertEquals(100_000, d.next().payload().length);
  }

  @Test
  void decodesEveryHeaderType() throws Exception {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    header(h, "t", 0);
    header(h, "f", 1);
    header(h, "b", 2, (byte) -2);
    header(h, "s", 3, (byte) 0x01, (byte) 0x02);
    header(h, "i", 4, ByteBuffer.allocate(4).putInt(-7).array());
    header(h, "l", 5, ByteBuffer.allocate(8).putLong(1L << 40).array());
    header(h, "y", 6, (byte) 0, (byte) 2, (byte) 0xca, (byte) 0xfe);
    header(h, "str", 7, (byte) 0, (byte) 2, (byte) 'o', (byte) 'k');
    header(h, "ts", 8, ByteBuffer.allocate(8).putLong(1_700_000_000_123L).array());
    header(h, "u", 9, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array());
    EventStreamMessage m = decodeOne(frame(h.toByteArray(), "{}".getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> v = m.headers();
    assertEquals(Boolean.TRUE, v.get("t"));
    assertEquals(Boolean.FALSE, v.get("f"));
    assertEquals((byte) -2, v.get("b"));
    assertEquals((short) 0x0102, v.get("s"));
    assertEquals(-7, v.get("i"));
    assertEquals(1L << 40, v.get("l"));
    assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe}, (byte[]) v.get("y"));
    assertEquals("ok", v.get("str"));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), v.get("ts"));
    assertEquals(id, v.get("u"));
    assertEquals("", m.header("i")); // not a string
    assertEquals("{}", m.payloadText());
  }

  @Test
  void brokenHeaderSectionsAreRefused() {
    assertMalformed(frame(new byte[] {0}, new byte[0]), "empty header name");
    assertMalformed(frame(new byte[] {5, 'a', 'b'}, new byte[0]), "runs past the header section");
    assertMalformed(frame(new byte[] {1, 'a', 42}, new byte[0]), "header a has unknown value type 42");
    assertMalformed(frame(new byte[] {1, 'a', 7, 0, 5, 'x'}, new byte[0]), "header a runs past the header section");
    assertMalformed(frame(new byte[] {1, 'a', 7, 0, 2, (byte) 0xc3, (byte) 0x28}, new byte[0]), "header a is not valid UTF-8");
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    big.writeBytes(new byte[] {1, 'a', 7, (byte) 0x80, 0});
    big.writeBytes(new byte[0x8000]);
    assertMalformed(frame(big.toByteArray(), new byte[0]), "value of 32768 bytes over the 32767-byte cap");
  }

  @Test
  void theReaderPullsMessagesFromADribblingBodyAndReportsATruncatedEnd() throws Exception {
    byte[] body = EventStreamFrames.concat(List.of(WORKED_EXAMPLE, WORKED_EXAMPLE));
    EventStreamReader r = new EventStreamReader(dribble(body), new EventStreamDecoder());
    assertEquals(WORKED_PAYLOAD, r.next().payloadText());
    assertEquals(WORKED_PAYLOAD, r.next().payloadText());
    assertNull(r.next());
    assertNull(r.next());

    EventStreamReader cut = new EventStreamReader(dribble(Arrays.copyOf(body, body.length - 5)), new EventStreamDecoder());
    assertEquals(WORKED_PAYLOAD, cut.next().payloadText());
    MalformedStreamException e = assertThrows(MalformedStreamException.class, cut::next);
    assertTrue(e.getMessage().contains("154 of 159 bytes received"), e.getMessage());
  }

  // ---- helpers

  static List<String> decodeInChunks(byte[] body, int[] sizes) throws MalformedStreamException {
    EventStreamDecoder d = new EventStreamDecoder();
    List<String> out = new ArrayList<>();
    int i = 0;
    int k = 0;
    while (i < body.length) {
      int n = Math.min(sizes[k++ % sizes.length], body.length - i);
      d.feed(body, i, n);
      i += n;
      for (EventStreamMessage m = d.next(); m != null; m = d.next()) out.add(m.messageType() + ":" + m.payloadText());
    }
    d.finish();
    return out;
  }

  private static EventStreamMessage decodeOne(byte[] frame) throws MalformedStreamException {
    EventStreamDecoder d = new EventStreamDecoder();
    d.feed(frame, 0, frame.length);
    EventStreamMessage m = d.next();
    assertNull(d.next());
    return m;
  }

  private static void assertMalformed(byte[] bytes, String expected) {
    EventStreamDecoder d = new EventStreamDecoder();
    d.feed(bytes, 0, bytes.length);
    MalformedStreamException e = assertThrows(MalformedStreamException.class, d::next);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** A prelude (with a valid CRC) announcing the given lengths, and nothing else. */
  private static byte[] prelude(long total, long headers) {
    ByteBuffer b = ByteBuffer.allocate(12).putInt((int) total).putInt((int) headers);
    b.putInt((int) crc(b.array(), 8));
    return b.array();
  }

  /** A frame with valid CRCs around raw header bytes, so only the header section is wrong. */
  private static byte[] frame(byte[] headers, byte[] payload) {
    int total = 16 + headers.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total).putInt(total).putInt(headers.length);
    b.putInt((int) crc(b.array(), 8)).put(headers).put(payload);
    b.putInt((int) crc(b.array(), total - 4));
    return b.array();
  }

  private static void header(ByteArrayOutputStream out, String name, int type, byte... value) {
    out.write(name.length());
    out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    out.write(type);
    out.writeBytes(value);
  }

  private static long crc(byte[] bytes, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, 0, length);
    return c.getValue();
  }

  /** A body that hands out one byte per read, like the slowest network. */
  static InputStream dribble(byte[] body) {
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        return pos < body.length ? body[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= body.length) return -1;
        b[off] = body[pos++];
        return 1;
      }
    };
  }
}
