package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that answers 1 GiB, generated as it is written and never held in memory (by the server or, as this test
 * checks under a 512 MiB heap, by the client): every provider must stop at its body, line or stream cap quickly with a
 * classified failure, long before the (generous) call timeout.
 */
@Timeout(120)
@Order(6)
class GigabyteBodyTest {
  static final ApiKey KEY = ApiKey.of("sk-gigabyte-0123456789");
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final Duration FAST = Duration.ofSeconds(15);
  static OkHttpClient client;

  @BeforeAll
  static void start() {
    Hygiene.install();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).build();
  }

  @AfterAll
  static void stop() {
    Hygiene.assertClean(client, "gigabyte bodies");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void announcedGigabyteAnswerFailsAtTheBodyCap(Provider p) {
    try (HostileServer server = new HostileServer(
        Hostile.hugeBody("application/json", Hostile.GIGABYTE, false, p.endlessJsonPrefix(), "x"))) {
      expect(p, server, false, Failure.INVALID_RESPONSE);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void chunkedGigabyteAnswerFailsAtTheBodyCap(Provider p) {
    try (HostileServer server = new HostileServer(
        Hostile.hugeBody("application/json", Hostile.GIGABYTE, true, p.endlessJsonPrefix(), "x"))) {
      expect(p, server, false, Failure.INVALID_RESPONSE);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void gigabyteStreamLineFailsAtTheLineCap(Provider p) {
    try (HostileServer server = new HostileServer(
        Hostile.hugeBody(p.streamContentType, Hostile.GIGABYTE, true, p.streamPrelude() + "data: {\"x\":\"", "x"))) {
      expect(p, server, true, Failure.INVALID_RESPONSE);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void gigabyteOfValidStreamEventsFailsAtTheStreamCap(Provider p) {
    String event = p.contentEvent("x".repeat(1000));
    try (HostileServer server = new HostileServer(
        Hostile.hugeBody(p.streamContentType, Hostile.GIGABYTE, true, p.streamPrelude(), event))) {
      expect(p, server, true, Failure.STREAM_INTERRUPTED);
    }
  }

  private static void expect(Provider p, HostileServer server, boolean stream, Failure expected) {
    ChatModel model = p.build(server.root(), client, KEY, TIMEOUT);
    long usedBefore = usedHeap();
    long t0 = System.nanoTime();
    ChatModelException failure = null;
    long events = 0;
    try {
      if (stream) {
        try (ChatStream s = model.stream(ChatRequest.of("hi"))) {
          for (StreamEvent e : s) events++;
        }
      } else {
        model.chat(ChatRequest.of("hi"));
      }
    } catch (ChatModelException e) {
      failure = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertTrue(failure != null, p + ": a gigabyte answer must not be accepted (" + events + " events)");
    assertEquals(expected, failure.failure(), p + ": " + failure);
    if (expected == Failure.STREAM_INTERRUPTED) {
      assertTrue(String.valueOf(failure.getMessage()).contains("INVALID_RESPONSE"), "stopped by a cap: " + failure);
    }
    assertTrue(took.compareTo(FAST) < 0, p + " took " + took.toMillis() + " ms to give up");
    Report.line(String.format("hostile %s 1 GiB %s: %s after %d ms, %d events, heap used %d -> %d MiB; %s", p.id(),
        stream ? "stream" : "answer", failure.failure(), took.toMillis(), events, usedBefore >> 20, usedHeap() >> 20,
        failure.getMessage()));
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
