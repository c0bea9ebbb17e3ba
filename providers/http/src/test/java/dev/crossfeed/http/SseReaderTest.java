package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  private static SseReader sse(String text) {
    return new SseReader(new Buffer().writeUtf8(text));
  }

  @Test
  void dataOnlyEventsWithDoneMarker() throws IOException {
    SseReader r = sse("data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: [DONE]\n\n");
    assertEquals("{\"a\":1}", r.next().data());
    assertEquals("{\"a\":2}", r.next().data());
    assertEquals("[DONE]", r.next().data());
    assertNull(r.next());
  }

  @Test
  void eventNamesCommentsCrLfAndMultiLineData() throws IOException {
    SseReader r = sse(": OPENROUTER PROCESSING\r\n\r\nevent: message_start\r\ndata: {\"x\":\r\ndata: 1}\r\nid: 7\r\n\r\nevent: ping\ndata:{}\n\n");
    SseEvent first = r.next();
    assertEquals("message_start", first.event());
    assertEquals("{\"x\":\n1}", first.data());
    SseEvent ping = r.next();
    assertEquals("ping", ping.event());
    assertEquals("{}", ping.data());
    assertNull(r.next());
  }

  @Test
  void unprefixedLinesAreKeptForProvidersThatWriteRawJson() throws IOException {
    SseReader r = sse("data: {\"ok\":1}\r\n\r\n{\"error\": {\"code\": 500}}\n\n");
    assertEquals("{\"ok\":1}", r.next().data());
    SseEvent raw = r.next();
    assertEquals("", raw.data());
    assertEquals("{\"error\": {\"code\": 500}}", raw.unprefixed());
  }

  @Test
  void lastEventWithoutBlankLineIsDelivered() throws IOException {
    SseReader r = sse("data: a\n\ndata: b");
    assertEquals("a", r.next().data());
    assertEquals("b", r.next().data());
    assertNull(r.next());
  }

  @Test
  void overlongLinesAndEventsAreRejected() {
    SseReader line = new SseReader(new Buffer().writeUtf8("data: " + "x".repeat(5000) + "\n\n"), 1024, 1 << 20);
    assertThrows(MalformedStreamException.class, line::next);
    SseReader endless = new SseReader(new Buffer().writeUtf8("data: " + "x".repeat(5000)), 1024, 1 << 20);
    assertThrows(MalformedStreamException.class, endless::next);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 100; i++) many.append("data: ").append("y".repeat(500)).append('\n');
    SseReader big = new SseReader(new Buffer().writeUtf8(many.toString()), 1024, 10_000);
    assertThrows(MalformedStreamException.class, big::next);
  }

  @Test
  void invalidUtf8IsRejected() {
    Buffer b = new Buffer().writeUtf8("data: ").write(new byte[] {(byte) 0xC3, (byte) 0x28}).writeUtf8("\n\n");
    assertThrows(MalformedStreamException.class, new SseReader(b)::next);
  }

  @Test
  void multiByteUtf8FieldsWithoutValueAndExtraSpaces() throws IOException {
    SseReader r = sse("data: h\u00e9llo \u65e5\u672c \ud83d\ude00\n\ndata\n\ndata:  two spaces\ndata:x\n\n");
    assertEquals("h\u00e9llo \u65e5\u672c \ud83d\ude00", r.next().data());
    assertEquals("", r.next().data());
    assertEquals(" two spaces\nx", r.next().data());
    assertNull(r.next());
  }

  @Test
  void ndjsonSkipsBlankLines() throws IOException {
    NdjsonReader r = new NdjsonReader(new Buffer().writeUtf8("{\"a\":1}\n\n{\"done\":true}\r\n"));
    assertEquals("{\"a\":1}", r.next());
    assertEquals("{\"done\":true}", r.next());
    assertNull(r.next());
  }
}
