package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfeed.http.MalformedStreamException;
import dev.crossfeed.http.NdjsonReader;
import dev.crossfeed.http.SseEvent;
import dev.crossfeed.http.SseReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of the SSE and NDJSON readers: every input ends in events followed by end of input, or
 * in a {@link MalformedStreamException}; never another exception, never more events than bytes, never a hang.
 */
@Timeout(60)
@Order(4)
class StreamReaderFuzzTest {
  static final int CASES = 5000;

  @Test
  void sseReaderSurvivesMutatedStreams() {
    Mutator m = new Mutator(0x5EEDL, Provider.OPENAI);
    byte[] seed = Seeds.openAiSse().getBytes(StandardCharsets.UTF_8);
    int malformed = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] input = m.next(seed).bytes();
      SseReader r = new SseReader(new Buffer().write(input), 4096, 64 * 1024);
      int events = 0;
      try {
        SseEvent e;
        while ((e = r.next()) != null) {
          events++;
          if (events > input.length + 1) fail("more events than bytes for case " + i);
          assertTrue(e.data().length() <= 64 * 1024);
        }
      } catch (MalformedStreamException expected) {
        malformed++;
      } catch (IOException | RuntimeException other) {
        fail("case " + i + " threw " + other, other);
      }
    }
    assertTrue(malformed > 0, "the mutator should produce some malformed streams");
  }

  @Test
  void ndjsonReaderSurvivesMutatedStreams() {
    Mutator m = new Mutator(0xFEEDL, Provider.OLLAMA);
    byte[] seed = Seeds.ollamaNdjson().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < CASES; i++) {
      byte[] input = m.next(seed).bytes();
      NdjsonReader r = new NdjsonReader(new Buffer().write(input), 4096);
      try {
        int lines = 0;
        while (r.next() != null) {
          if (++lines > input.length) fail("more lines than bytes for case " + i);
        }
      } catch (MalformedStreamException expected) {
        // classified by providers as INVALID_RESPONSE
      } catch (IOException | RuntimeException other) {
        fail("case " + i + " threw " + other, other);
      }
    }
  }

  @Test
  void tenMegabyteSingleLineIsRejectedWithoutBufferingItAll() {
    Buffer b = new Buffer().writeUtf8("data: ");
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 10; i++) b.write(chunk);
    SseReader r = new SseReader(b);
    try {
      r.next();
      fail("a 10 MB line must be rejected");
    } catch (MalformedStreamException expected) {
      assertTrue(expected.getMessage().contains("longer than"));
    } catch (IOException e) {
      fail(e);
    }
  }
}
