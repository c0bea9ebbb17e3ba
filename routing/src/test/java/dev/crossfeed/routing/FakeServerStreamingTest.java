package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming failover through a real provider client (crossfeed-openai, over HTTP and SSE) against two fake OpenAI
 * servers: before the first content event the router moves on; after it, the caller gets STREAM_INTERRUPTED with
 * exactly the text it saw and nothing is replayed. Real time, loopback only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeServerStreamingTest {
  private final FakeOpenAiServer primary = new FakeOpenAiServer();
  private final FakeOpenAiServer backup = new FakeOpenAiServer();
  private final ChatRequest hi = ChatRequest.of("hi");

  @AfterEach
  void close() {
    primary.close();
    backup.close();
  }

  private static ChatModel client(FakeOpenAiServer server, String model) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model(model).build();
  }

  private Router router() {
    return Router.builder()
        .model("primary", client(primary, "gpt-4o-mini"))
        .model("backup", client(backup, "gpt-4o"))
        .timeout(Duration.ofSeconds(10))
        .firstTokenTimeout(Duration.ofSeconds(2)) // generous: the backup must beat it on a loaded machine
        .build();
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void anErrorStatusBeforeTheStreamFailsOver(Paths path) {
    primary.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    backup.enqueue(FakeResponse.textChunks("Hello ", "world"));

    ChatResponse answer = path.call(router(), hi);

    assertEquals("Hello world", path.seen.get().toString());
    assertEquals("Hello world", answer.text());
    assertEquals(List.of("primary:OVERLOADED", "backup:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(503, answer.routeTrace().attempts().get(0).status().getAsInt());
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void anErrorEventBeforeAnyContentFailsOver(Paths path) {
    primary.enqueue(FakeResponse.textChunks("never ", "seen").errorAfter(0, Failure.SERVER_ERROR));
    backup.enqueue(FakeResponse.textChunks("Hello ", "world"));

    ChatResponse answer = path.call(router(), hi);

    assertEquals("Hello world", path.seen.get().toString());
    assertEquals(List.of("primary:SERVER_ERROR", "backup:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void anErrorEventAfterContentIsStreamInterruptedWithWhatWasSeen(Paths path) {
    primary.enqueue(FakeResponse.textChunks("Hel", "lo ", "world").errorAfter(1, Failure.OVERLOADED));
    backup.enqueue(FakeResponse.textChunks("never"));

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(router(), hi));

    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hel", path.seen.get().toString());
    assertEquals("Hel", e.partialResponse().orElseThrow().text());
    assertEquals(List.of("primary:STREAM_INTERRUPTED"), outcomes(e.routeTrace()));
    assertEquals(0, backup.requestCount());
  }

  @ParameterizedTest
  @EnumSource(names = {"STREAM", "STREAM_ASYNC"})
  void aConnectionCutAfterContentIsNotReplayedElsewhere(Paths path) {
    primary.enqueue(FakeResponse.textChunks("Hel", "lo ", "world").cutAfter(2));

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(router(), hi));

    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello ", path.seen.get().toString());
    assertEquals("Hello ", e.partialResponse().orElseThrow().text());
    assertEquals(0, backup.requestCount());
  }

  @Test
  void aStreamWithoutAFirstTokenIsAbandonedAtTheFirstTokenTimeout() {
    primary.enqueue(FakeResponse.textChunks("late").stallAfter(0, Duration.ofSeconds(20)));
    backup.enqueue(FakeResponse.textChunks("Hello ", "world"));

    ChatResponse answer = Paths.STREAM.call(router(), hi);

    assertEquals("Hello world", answer.text());
    assertEquals(List.of("primary:TIMEOUT", "backup:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void aRealRetryAfterBenchesTheModelForLaterCalls() {
    primary.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(5)));
    backup.enqueue(FakeResponse.text("one"), FakeResponse.text("two"));
    Router r = router();

    assertEquals(List.of("primary:RATE_LIMITED", "backup:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(List.of("backup:SUCCESS"), outcomes(r.chat(hi).routeTrace()));
    assertEquals(1, primary.requestCount());
    assertTrue(backup.requestCount() == 2);
  }
}
