package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.testing.EventStreamFrames;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every recorded ConverseStream body in the shared fixtures decodes with both CRCs valid, in any chunking, and
 * re-encodes to the same bytes (so the fake server's frames are the real ones).
 */
@Timeout(20)
class RecordedFramesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "bedrock/test_bedrock_model_stream.yaml",
      "bedrock/test_bedrock_model_iter_stream.yaml",
      "bedrock/test_bedrock_model_thinking_part_stream.yaml",
      "bedrock/test_bedrock_model_thinking_part_redacted_stream.yaml"})
  void recordedStreamsDecodeAndReencodeByteForByte(String fixture) throws Exception {
    List<RecordedExchange> exchanges = VcrCassette.read(RecordedFixtures.file(fixture));
    assertFalse(exchanges.isEmpty());
    for (RecordedExchange x : exchanges) {
      assertEquals(200, x.response().status());
      byte[] body = x.response().body();
      EventStreamDecoder d = new EventStreamDecoder();
      d.feed(body, 0, body.length);
      List<byte[]> reencoded = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (EventStreamMessage m = d.next(); m != null; m = d.next()) {
        assertEquals("event", m.messageType());
        assertEquals("application/json", m.header(":content-type"));
        types.add(m.header(":event-type"));
        Map<String, String> headers = new LinkedHashMap<>();
        m.headers().forEach((k, v) -> headers.put(k, (String) v));
        reencoded.add(EventStreamFrames.encode(headers, m.payload()));
      }
      d.finish();
      assertArrayEquals(body, EventStreamFrames.concat(reencoded), fixture);
      assertEquals("messageStart", types.get(0), fixture);
      assertTrue(types.contains("messageStop"), fixture);
      assertEquals("metadata", types.get(types.size() - 1), fixture);
      List<String> whole = EventStreamDecoderTest.decodeInChunks(body, new int[] {body.length});
      assertEquals(whole, EventStreamDecoderTest.decodeInChunks(body, new int[] {1, 5, 64, 300, 7}));
      assertEquals(whole.size(), types.size());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 1000})
  void aRecordedStreamCutAnywhereIsTruncatedNeverAHang(int cutFromEnd) throws Exception {
    byte[] body = VcrCassette.read(RecordedFixtures.file("bedrock/test_bedrock_model_stream.yaml")).get(0).response().body();
    byte[] cut = Arrays.copyOf(body, body.length - cutFromEnd);
    EventStreamReader r = new EventStreamReader(EventStreamDecoderTest.dribble(cut), new EventStreamDecoder());
    int n = 0;
    try {
      while (r.next() != null) n++;
      throw new AssertionError("a cut body ended cleanly after " + n + " messages");
    } catch (dev.crossfeed.http.MalformedStreamException e) {
      assertTrue(e.getMessage().startsWith("invalid event-stream data: stream ended inside a message"), e.getMessage());
    }
    assertTrue(n > 0);
  }
}
