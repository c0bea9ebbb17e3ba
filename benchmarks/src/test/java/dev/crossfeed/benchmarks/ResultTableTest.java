package dev.crossfeed.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

  @Test
  void chatTargetsAreJudgedAgainstTheFloor() {
    Map<String, Figure> f = new LinkedHashMap<>();
    put(f, "ChatCallBenchmark.floor", 100, 10_000);
    put(f, "ChatCallBenchmark.provider", 104, 13_000); // 1.04x latency ok, 1.30x alloc miss
    put(f, "ChatCallBenchmark.router", 107, 14_000); // +3 us ok, +1000 B ok
    String report = new ResultTable(f).render("header");
    assertTrue(report.contains("1. One chat call"), report);
    assertTrue(report.contains("ok   provider latency <= 1.05x floor (separate runs): 1.04"), report);
    assertTrue(report.contains("MISS provider allocation <= 1.25x floor (whole JVM): 1.30"), report);
    assertTrue(report.contains("ok   router adds <= 5 us per call over HTTP (separate runs): +3.0 us"), report);
    assertTrue(report.contains("ok   router adds <= 2 KB per call over HTTP (whole JVM): +1,000 B"), report);
    assertFalse(report.contains("2. Streaming"), "groups that did not run are left out");
  }

  @Test
  void interleavedFiguresDecideLatencyWhenPresent() {
    Map<String, Figure> f = new LinkedHashMap<>();
    put(f, "ChatCallBenchmark.floor", 100, 10_000);
    put(f, "ChatCallBenchmark.provider", 140, 12_000); // separate runs disturbed: 1.40x
    put(f, "ChatCallBenchmark.router", 141, 13_000);
    Map<String, Double> sums = new LinkedHashMap<>();
    sums.put("rounds", 1000.0);
    sums.put("floorNanos", 1000 * 40_000.0);
    sums.put("providerNanos", 1000 * 41_000.0); // 1.025x
    sums.put("routerNanos", 1000 * 47_000.0); // +6 us over the provider: miss
    sums.put("floorBytes", 1000 * 17_000.0);
    sums.put("providerBytes", 1000 * 20_000.0);
    sums.put("routerBytes", 1000 * 21_000.0);
    f.put("PairedChatBenchmark.interleaved", new Figure("PairedChatBenchmark.interleaved", 130, 1, "us/op", sums));
    String report = new ResultTable(f).render("header");
    assertTrue(report.contains("interleaved call by call"), report);
    assertTrue(report.contains("ok   provider latency <= 1.05x floor (interleaved): 1.03 (+1.0 us)"), report);
    assertTrue(report.contains("MISS router adds <= 5 us per call over HTTP (interleaved): +6.0 us"), report);
    assertTrue(report.contains("ok   provider allocation <= 1.25x floor (whole JVM): 1.20"), report);
  }

  @Test
  void failoverNeedsZeroPrimaryRequestsWithTheBreakerOpen() {
    Map<String, Figure> f = new LinkedHashMap<>();
    put(f, "FailoverBenchmark.healthy", 100, 1);
    put(f, "FailoverBenchmark.refused", 400, 1);
    put(f, "FailoverBenchmark.overloaded", 250, 1);
    f.put("FailoverBenchmark.breakerOpen", new Figure("FailoverBenchmark.breakerOpen", 101, 1, "us/op", Map.of("primaryRequests", 2.0)));
    String report = new ResultTable(f).render("header");
    assertTrue(report.contains("ok   failover on refused connection adds <= 2 ms: +300.0 us"), report);
    assertTrue(report.contains("MISS breaker open: 0 calls reach the primary: 2 requests"), report);
  }

  @Test
  void helpAndBadOptions() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    assertEquals(0, BenchMain.run(new String[] {"--help"}, new PrintStream(buf, true, StandardCharsets.UTF_8)));
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("--only chat,paired,stream,memory,failover,decision,throughput"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertEquals(2, BenchMain.run(new String[] {"--only", "nope"}, quiet));
    assertEquals(2, BenchMain.run(new String[] {"--only"}, quiet));
    assertEquals(2, BenchMain.run(new String[] {"--forks", "x"}, quiet));
    assertEquals(2, BenchMain.run(new String[] {"--bogus"}, quiet));
  }

  @Test
  void everyGroupIsInJmhsBenchmarkList() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Class<?> c : BenchMain.GROUPS.values()) assertTrue(list.contains(c.getName()), c.getName());
    }
  }

  private static void put(Map<String, Figure> f, String key, double score, double alloc) {
    f.put(key, new Figure(key, score, 1, "us/op", Map.of("gc.alloc.rate.norm", alloc)));
  }
}
