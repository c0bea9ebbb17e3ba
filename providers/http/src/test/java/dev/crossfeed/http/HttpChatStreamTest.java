package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpChatStreamTest {
  @StartStop MockWebServer server = new MockWebServer();

  private final HttpExchange http =
      HttpExchange.builder("test").client(new OkHttpClient()).maxBodyBytes(4096).build();

  /** SSE data lines are text deltas; {@code [DONE]} completes. */
  private static final class TextStream extends HttpChatStream {
    private final SseReader reader;
    private final StringBuilder text = new StringBuilder();

    TextStream(HttpExchange exchange, OpenResponse open) {
      super(exchange, "m", open);
      reader = new SseReader(source());
    }

    @Override
    protected StreamEvent nextEvent() throws IOException {
      SseEvent e = reader.next();
      if (e == null) return null;
      if (e.data().equals("[DONE]")) return new StreamEvent.Completed(ChatResponse.builder().text(text.toString()).build());
      text.append(e.data());
      return new StreamEvent.TextDelta(e.data());
    }
  }

  private ChatStream stream(String body) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .chunkedBody(new Buffer().writeUtf8(body), 1024).build());
    Request request = new Request.Builder().url(server.url("/s"))
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    return new TextStream(http, http.open(request, "m", Duration.ofSeconds(5)));
  }

  private static String events(int n, int size) {
    return ("data: " + "x".repeat(size) + "\n\n").repeat(n);
  }

  @Test
  void answerUnderTheCapCompletes() {
    try (ChatStream s = stream(events(10, 100) + "data: [DONE]\n\n")) {
      assertEquals(1000, s.response().text().length());
    }
  }

  @Test
  void endlessValidDeltasStopAtTheBodyCapInsteadOfFillingTheHeap() {
    try (ChatStream s = stream(events(1000, 100) + "data: [DONE]\n\n")) {
      int[] seen = new int[1];
      ChatModelException e = assertThrows(ChatModelException.class, () -> s.forEach(ev -> seen[0]++));
      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
      assertTrue(e.getMessage().contains("4096-byte cap"), e.getMessage());
      assertEquals(Failure.INVALID_RESPONSE, ((ChatModelException) e.getCause()).failure());
      assertTrue(seen[0] < 4096 / 100, "stopped at the cap after " + seen[0] + " events");
    }
  }

  @Test
  void emptyDeltasCountToo() {
    try (ChatStream s = stream("data:\n\n".repeat(1000) + "data: [DONE]\n\n")) {
      ChatModelException e = assertThrows(ChatModelException.class, s::response);
      assertTrue(e.getMessage().contains("4096-byte cap"), e.getMessage());
    }
  }
}
