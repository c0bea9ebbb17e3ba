package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile servers on loopback against every provider, through {@code chat()} and {@code stream()} at once: each
 * call ends within the model's configured timeout (plus scheduling slack) with the Failure the taxonomy gives. The
 * scenarios only wait, so the four providers run each one at the same time.
 */
@Timeout(120)
@Order(7)
class HostileServerTest {
  static final ApiKey KEY = ApiKey.of("sk-hostile-0123456789");
  /** The configured timeout of every model here. */
  static final Duration TIMEOUT = Duration.ofMillis(1000);
  /** How late past the timeout a call may end on a loaded 2-core machine. */
  static final Duration SLACK = Duration.ofMillis(2500);
  static final AtomicInteger THREADS = new AtomicInteger();

  static OkHttpClient client;
  static ExecutorService callers;

  @BeforeAll
  static void start() {
    Hygiene.install();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
    callers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hostile-caller-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() throws InterruptedException {
    callers.shutdown();
    assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    Hygiene.assertClean(client, "hostile servers");
  }

  @Test
  void slowlorisFromTheStatusLineTimesOut() {
    Concurrently.forEachProvider(HostileServerTest::slowlorisFromTheStatusLineTimesOut);
  }

  private static void slowlorisFromTheStatusLineTimesOut(Provider p) {
    Outcome[] o = both(p, TIMEOUT,
        json -> Hostile.slowloris("application/json", json, Duration.ofSeconds(1), false),
        stream -> Hostile.slowloris(p.streamContentType, stream, Duration.ofSeconds(1), false));
    expectTimedOut(p, "slowloris status line", o, Failure.TIMEOUT, Failure.TIMEOUT);
  }

  @Test
  void slowlorisBodyTimesOut() {
    Concurrently.forEachProvider(HostileServerTest::slowlorisBodyTimesOut);
  }

  private static void slowlorisBodyTimesOut(Provider p) {
    Outcome[] o = both(p, TIMEOUT,
        json -> Hostile.slowloris("application/json", json, Duration.ofSeconds(1), true),
        stream -> Hostile.slowloris(p.streamContentType, stream, Duration.ofSeconds(1), true));
    expectTimedOut(p, "slowloris body", o, Failure.TIMEOUT, Failure.TIMEOUT);
  }

  @Test
  void headersThatTrickleForeverTimeOut() {
    Concurrently.forEachProvider(HostileServerTest::headersThatTrickleForeverTimeOut);
  }

  private static void headersThatTrickleForeverTimeOut(Provider p) {
    Outcome[] o = both(p, TIMEOUT,
        json -> Hostile.endlessHeaders(Duration.ofMillis(50)), stream -> Hostile.endlessHeaders(Duration.ofMillis(50)));
    expectTimedOut(p, "endless headers, one line per 50 ms", o, Failure.TIMEOUT, Failure.TIMEOUT);
  }

  @Test
  void headersFloodFailsFastWithoutBufferingThem() {
    Concurrently.forEachProvider(HostileServerTest::headersFloodFailsFastWithoutBufferingThem);
  }

  private static void headersFloodFailsFastWithoutBufferingThem(Provider p) {
    Duration generous = Duration.ofSeconds(10);
    Outcome[] o = both(p, generous, json -> Hostile.endlessHeaders(Duration.ZERO), stream -> Hostile.endlessHeaders(Duration.ZERO));
    for (Outcome x : o) {
      assertNotNull(x.kind(), p + ": an endless header block is never an answer: " + x);
      assertNotEquals(Failure.TIMEOUT, x.kind(), p + ": the header limit stops it, not the timeout: " + x);
      assertTrue(x.kind() == Failure.CONNECTION || x.kind() == Failure.INVALID_RESPONSE, p + ": " + x);
      assertTrue(x.took().compareTo(Duration.ofSeconds(5)) < 0, p + ": " + x);
    }
    Report.line("hostile " + p.id() + " endless header flood: chat " + o[0] + "; stream " + o[1]);
  }

  @Test
  void streamThatNeverEndsAfterContentIsInterruptedWithThePartialAnswer() {
    Concurrently.forEachProvider(HostileServerTest::streamThatNeverEndsAfterContentIsInterruptedWithThePartialAnswer);
  }

  private static void streamThatNeverEndsAfterContentIsInterruptedWithThePartialAnswer(Provider p) {
    Outcome[] o = both(p, TIMEOUT,
        json -> Hostile.neverEnds("application/json", p.endlessJsonPrefix() + "Hel", "x", Duration.ofMillis(100)),
        stream -> Hostile.neverEnds(p.streamContentType, p.streamPrelude() + p.contentEvent("Hel"), p.idleEvent(),
            Duration.ofMillis(100)));
    expectTimedOut(p, "never-ending body after content", o, Failure.TIMEOUT, Failure.STREAM_INTERRUPTED);
    assertEquals("Hel", o[1].failure().orElseThrow().partialResponse().orElseThrow().text());
  }

  @Test
  void streamThatNeverSendsContentOrEndTimesOut() {
    Concurrently.forEachProvider(HostileServerTest::streamThatNeverSendsContentOrEndTimesOut);
  }

  private static void streamThatNeverSendsContentOrEndTimesOut(Provider p) {
    Outcome[] o = both(p, TIMEOUT,
        json -> Hostile.neverEnds("application/json", " ", " ", Duration.ofMillis(100)),
        stream -> Hostile.neverEnds(p.streamContentType, p.streamPrelude(), p.idleEvent(), Duration.ofMillis(100)));
    expectTimedOut(p, "keep-alives forever, no content", o, Failure.TIMEOUT, Failure.TIMEOUT);
  }

  @Test
  void connectionResetMidBody() {
    Concurrently.forEachProvider(HostileServerTest::connectionResetMidBody);
  }

  private static void connectionResetMidBody(Provider p) {
    String stream = p.streamPrelude() + p.contentEvent("Hel") + p.contentEvent("lo") + p.streamSeed();
    int afterFirstContent = p.streamPrelude().length() + p.contentEvent("Hel").length();
    Outcome[] o = both(p, Duration.ofSeconds(10),
        json -> Hostile.resetMidBody("application/json", json, json.length() / 2),
        s -> Hostile.resetMidBody(p.streamContentType, stream, afterFirstContent + 5));
    assertEquals(Failure.CONNECTION, o[0].kind(), p + " chat: " + o[0]);
    assertEquals(Failure.STREAM_INTERRUPTED, o[1].kind(), p + " stream: " + o[1]);
    assertEquals("Hel", o[1].failure().orElseThrow().partialResponse().orElseThrow().text());
    Outcome before;
    try (HostileServer server = new HostileServer(Hostile.resetMidBody(p.streamContentType, stream, 3))) {
      before = Outcome.stream(p.build(server.root(), client, KEY, TIMEOUT));
    }
    assertEquals(Failure.CONNECTION, before.kind(), p + " stream reset before content: " + before);
    Report.line("hostile " + p.id() + " reset mid-body: chat " + o[0].kind() + ", stream after content " + o[1].kind()
        + ", stream before content " + before.kind());
  }

  /**
   * Runs {@code chat()} against a server made by {@code chatServer} (given the provider's JSON answer) and
   * {@code stream()} against one made by {@code streamServer} (given its stream), at the same time.
   */
  private static Outcome[] both(Provider p, Duration timeout, Function<String, HostileServer.Behaviour> chatServer,
      Function<String, HostileServer.Behaviour> streamServer) {
    try (HostileServer a = new HostileServer(chatServer.apply(p.jsonSeed()));
        HostileServer b = new HostileServer(streamServer.apply(p.streamSeed()))) {
      ChatModel chatModel = p.build(a.root(), client, KEY, timeout);
      ChatModel streamModel = p.build(b.root(), client, KEY, timeout);
      CompletableFuture<Outcome> chat = CompletableFuture.supplyAsync(() -> Outcome.chat(chatModel), callers);
      CompletableFuture<Outcome> stream = CompletableFuture.supplyAsync(() -> Outcome.stream(streamModel), callers);
      return new Outcome[] {chat.join(), stream.join()};
    }
  }

  private static void expectTimedOut(Provider p, String scenario, Outcome[] o, Failure chat, Failure stream) {
    assertEquals(chat, o[0].kind(), p + " chat, " + scenario + ": " + o[0]);
    assertEquals(stream, o[1].kind(), p + " stream, " + scenario + ": " + o[1]);
    for (Outcome x : o) {
      assertTrue(x.took().compareTo(TIMEOUT.minusMillis(100)) >= 0, p + ": ended before the timeout: " + x);
      assertTrue(x.took().compareTo(TIMEOUT.plus(SLACK)) <= 0, p + ": outlived the timeout: " + x);
    }
    Report.line("hostile " + p.id() + " " + scenario + ": chat " + o[0].kind() + " after " + o[0].took().toMillis()
        + " ms, stream " + o[1].kind() + " after " + o[1].took().toMillis() + " ms (timeout " + TIMEOUT.toMillis() + " ms)");
  }
}
