package dev.crossfeed.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every benchmark method once through its state's setup, as JMH would, so the benchmarks keep compiling and
 * keep measuring what they claim (the right answer, the right route, the counters filled). No timing is asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchmarksSmokeTest {

  @Test
  void chatCallFloorProviderAndRouterGetTheSameAnswer() throws Exception {
    ChatCallBenchmark b = new ChatCallBenchmark();
    b.setUp();
    try {
      assertEquals(Payloads.ANSWER_TEXT, b.floor().text());
      ChatResponse direct = b.provider();
      assertEquals(Payloads.ANSWER_TEXT, direct.text());
      assertEquals(9, direct.usage().outputTokens());
      assertTrue(direct.cost().isPresent(), "gpt-4o-mini prices come from the catalog");
      ChatResponse routed = b.router();
      assertEquals(Payloads.ANSWER_TEXT, routed.text());
      assertEquals(List.of("primary"), models(routed.routeTrace()));
      assertEquals(3, b.rig.server.requests(Rig.OK));
    } finally {
      b.tearDown();
    }
  }

  @Test
  void pairedChatTimesAllThreeCallsEveryRound() throws Exception {
    PairedChatBenchmark b = new PairedChatBenchmark();
    b.setUp();
    try {
      PairedChatBenchmark.Pairs p = new PairedChatBenchmark.Pairs();
      p.reset();
      for (int i = 0; i < 4; i++) b.interleaved(p);
      assertEquals(4, p.rounds);
      assertTrue(p.floorNanos > 0 && p.providerNanos > 0 && p.routerNanos > 0 && p.timedFloorNanos > 0);
      assertTrue(p.floorBytes > 0 && p.providerBytes > 0 && p.routerBytes > 0 && p.timedFloorBytes > 0);
      assertEquals(16, b.rig.server.requests(Rig.OK));
    } finally {
      b.tearDown();
    }
  }

  @Test
  void streamsReadAllChunksAndTimeTheFirstToken() throws Exception {
    StreamBenchmark b = new StreamBenchmark();
    b.setUp();
    try {
      String expected = " token".repeat(200);
      FirstTokenClock clock = new FirstTokenClock();
      clock.reset();
      assertEquals(expected, b.floor(clock).text());
      assertEquals(expected, b.provider(clock).text());
      ChatResponse routed = b.router(clock);
      assertEquals(expected, routed.text());
      assertEquals(200, routed.usage().outputTokens());
      assertEquals(3, clock.streams);
      assertTrue(clock.ttftNanos > 0);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void streamMemoryReadsTheWholeAnswerAndSamplesTheHeapOnce() throws Exception {
    StreamMemoryBenchmark b = new StreamMemoryBenchmark();
    b.sizeMb = 1;
    b.setUp();
    try {
      HeapProbe probe = new HeapProbe();
      probe.reset();
      probe.before();
      assertEquals(1 << 20, b.floor(probe).text().length());
      probe.before();
      assertEquals(1 << 20, b.provider(probe).text().length());
      probe.before();
      assertEquals(1 << 20, b.router(probe).text().length());
      assertEquals(3, probe.samples);
      assertTrue(probe.retainedBytes > 0);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void failoverRoutesAroundTheDownPrimaryAndTheOpenBreakerSkipsIt() throws Exception {
    FailoverBenchmark b = new FailoverBenchmark();
    b.setUp();
    try {
      b.freshRouters();
      assertEquals(List.of("primary"), models(b.healthy().routeTrace()));
      RouteTrace refused = b.refused().routeTrace();
      assertEquals(List.of("primary", "secondary"), models(refused));
      assertEquals(Failure.CONNECTION, refused.attempts().get(0).failure().orElseThrow());
      RouteTrace overloaded = b.overloaded().routeTrace();
      assertEquals(List.of("primary", "secondary"), models(overloaded));
      assertEquals(Failure.OVERLOADED, overloaded.attempts().get(0).failure().orElseThrow());
      FailoverBenchmark.PrimaryCalls calls = new FailoverBenchmark.PrimaryCalls();
      assertEquals(List.of("secondary"), models(b.breakerOpen(calls).routeTrace()));
      assertEquals(0, calls.primaryRequests);
      assertEquals(1, b.rig.server.requests(FailoverBenchmark.DOWN), "only the setup call that opened the breaker");
    } finally {
      b.tearDown();
    }
  }

  @Test
  void routerDecisionAnswersFromHealthyModelsOnly() {
    RouterDecisionBenchmark b = new RouterDecisionBenchmark();
    b.setUp();
    assertEquals(Payloads.ANSWER_TEXT, b.direct().text());
    assertEquals(List.of("primary"), models(b.fallback3().routeTrace()));
    long downCalls = downCalls(b);
    for (int i = 0; i < 50; i++) {
      RouteTrace t = b.weighted10().routeTrace();
      assertEquals(1, t.attempts().size(), "open breakers are skipped without a call");
    }
    assertEquals(downCalls, downCalls(b));
  }

  @Test
  void throughputMethodsAnswer() throws Exception {
    ThroughputBenchmark b = new ThroughputBenchmark();
    b.setUp();
    try {
      assertEquals(Payloads.ANSWER_TEXT, b.floor().text());
      assertEquals(Payloads.ANSWER_TEXT, b.provider().text());
      assertEquals(Payloads.ANSWER_TEXT, b.router().text());
    } finally {
      b.tearDown();
    }
  }

  private static long downCalls(RouterDecisionBenchmark b) {
    long n = 0;
    for (int i = 0; i < RouterDecisionBenchmark.DOWN; i++) n += b.ten[i].calls.sum();
    return n;
  }

  private static List<String> models(RouteTrace trace) {
    return trace.attempts().stream().map(RouteTrace.Attempt::model).toList();
  }
}
