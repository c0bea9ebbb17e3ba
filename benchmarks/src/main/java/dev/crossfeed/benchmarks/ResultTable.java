package dev.crossfeed.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run's {@link Figure}s as one plain-text report: per benchmark group a table of the floor, our figures
 * and the ratios, then every DESIGN.md target with its verdict. Groups that did not run are left out.
 */
final class ResultTable {
  /** DESIGN.md targets. */
  static final double PROVIDER_LATENCY_RATIO = 1.05;
  static final double PROVIDER_ALLOC_RATIO = 1.25;
  static final double ROUTER_ADDED_MICROS = 5;
  static final double ROUTER_ADDED_BYTES = 2048;
  static final double FAILOVER_ADDED_MICROS = 2000;
  /** Growth of the retained-heap overhead (vs the floor) from a 1 MB to a 10 MB answer still counted as flat. */
  static final double FLAT_GROWTH_BYTES = 1 << 20;

  private final Map<String, Figure> f;
  private final StringBuilder out = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();

  ResultTable(Map<String, Figure> figures) {
    this.f = figures;
  }

  /** The report, after {@code header}. */
  String render(String header) {
    out.append(header).append('\n');
    chat();
    stream();
    memory();
    failover();
    decision();
    throughput();
    if (!verdicts.isEmpty()) {
      out.append("\nTargets (DESIGN.md)\n");
      for (String v : verdicts) out.append("  ").append(v).append('\n');
    }
    return out.toString();
  }

  private void chat() {
    Figure floor = f.get("ChatCallBenchmark.floor");
    Figure provider = f.get("ChatCallBenchmark.provider");
    Figure router = f.get("ChatCallBenchmark.router");
    Figure pair = f.get("PairedChatBenchmark.interleaved");
    boolean separate = floor != null && provider != null && router != null;
    if (!separate && pair == null) return;
    section("1. One chat call: blocking, kept-alive loopback connection, mean per call");
    if (separate) {
      out.append("  separate benchmarks (alloc: whole JVM, -prof gc)\n");
      Table t = new Table("", "latency us", "alloc B", "latency vs floor", "alloc vs floor");
      t.row("floor: OkHttp + Jackson", time(floor), bytes(floor.allocBytes()), "1.00", "1.00");
      t.row("OpenAiChatModel", time(provider), bytes(provider.allocBytes()), vsTime(provider, floor), vsBytes(provider, floor));
      t.row("Router, 3 candidates", time(router), bytes(router.allocBytes()), vsTime(router, floor), vsBytes(router, floor));
      t.render(out);
    }
    double[] us = new double[4];
    double[] b = new double[4];
    if (pair != null) {
      String[] side = {"floor", "provider", "router", "timedFloor"};
      for (int i = 0; i < 4; i++) {
        us[i] = pair.ratio(side[i] + "Nanos", "rounds") / 1000;
        b[i] = pair.ratio(side[i] + "Bytes", "rounds");
      }
      out.append("  interleaved call by call, rotating order (alloc: caller thread), ")
          .append(num(pair.get("rounds"), 0)).append(" rounds\n");
      Table t = new Table("", "latency us", "alloc B", "latency vs floor", "alloc vs floor");
      t.row("floor: OkHttp + Jackson", num(us[0], 1), bytes(b[0]), "1.00", "1.00");
      t.row("OpenAiChatModel", num(us[1], 1), bytes(b[1]), ratio(us[1], us[0], 1, " us"), x(b[1] / b[0]) + " (" + signedBytes(b[1] - b[0]) + ")");
      t.row("Router, 3 candidates", num(us[2], 1), bytes(b[2]), ratio(us[2], us[0], 1, " us"), x(b[2] / b[0]) + " (" + signedBytes(b[2] - b[0]) + ")");
      if (pair.get("timedFloorNanos") > 0) {
        t.row("floor + 120 s OkHttp call timeout", num(us[3], 1), bytes(b[3]), ratio(us[3], us[0], 1, " us"), x(b[3] / b[0]) + " (" + signedBytes(b[3] - b[0]) + ")");
      }
      t.render(out);
      if (pair.get("timedFloorNanos") > 0) {
        out.append("  (providers always bound the whole call with OkHttp's call timeout, 120 s by default; the last row is\n"
            + "   the floor paying the same: provider vs that floor ").append(ratio(us[1], us[3], 1, " us")).append(")\n");
      }
    }
    // latency from the interleaved run when there is one (robust to load that comes and goes); bytes from -prof gc
    String how = pair != null ? " (interleaved)" : " (separate runs)";
    double lat = pair != null ? us[1] / us[0] : provider.score() / floor.score();
    double latAdded = pair != null ? us[1] - us[0] : provider.score() - floor.score();
    verdict(lat <= PROVIDER_LATENCY_RATIO, "provider latency <= 1.05x floor" + how, x(lat) + " (" + signed(latAdded) + " us)");
    double routerUs = pair != null ? us[2] - us[1] : router.score() - provider.score();
    verdict(routerUs <= ROUTER_ADDED_MICROS, "router adds <= 5 us per call over HTTP" + how, signed(routerUs) + " us");
    if (separate) {
      double alloc = provider.allocBytes() / floor.allocBytes();
      verdict(alloc <= PROVIDER_ALLOC_RATIO, "provider allocation <= 1.25x floor (whole JVM)", x(alloc) + " (" + signedBytes(provider.allocBytes() - floor.allocBytes()) + ")");
      double addedB = router.allocBytes() - provider.allocBytes();
      verdict(addedB <= ROUTER_ADDED_BYTES, "router adds <= 2 KB per call over HTTP (whole JVM)", signedBytes(addedB));
    } else {
      verdict(b[1] / b[0] <= PROVIDER_ALLOC_RATIO, "provider allocation <= 1.25x floor (caller thread)", x(b[1] / b[0]) + " (" + signedBytes(b[1] - b[0]) + ")");
      verdict(b[2] - b[1] <= ROUTER_ADDED_BYTES, "router adds <= 2 KB per call over HTTP (caller thread)", signedBytes(b[2] - b[1]));
    }
  }

  private void stream() {
    Figure floor = f.get("StreamBenchmark.floor");
    Figure provider = f.get("StreamBenchmark.provider");
    Figure router = f.get("StreamBenchmark.router");
    if (floor == null || provider == null || router == null) return;
    section("2. Streaming: 200-chunk SSE answer read to the end, mean per call");
    Table t = new Table("", "first token us", "total us", "alloc B", "first token vs floor", "total vs floor", "alloc vs floor");
    for (Figure x : new Figure[] {floor, provider, router}) {
      String name = x == floor ? "floor: OkHttp + Jackson" : x == provider ? "OpenAiChatModel.stream" : "Router.stream, 3 candidates";
      double ttft = ttftMicros(x);
      t.row(name, num(ttft, 1), time(x), bytes(x.allocBytes()),
          x == floor ? "1.00" : ratio(ttft, ttftMicros(floor), 1, " us"), x == floor ? "1.00" : vsTime(x, floor), x == floor ? "1.00" : vsBytes(x, floor));
    }
    Figure floorChunked = f.get("StreamBenchmark.floorChunked");
    Figure providerChunked = f.get("StreamBenchmark.providerChunked");
    if (floorChunked != null && providerChunked != null) {
      for (Figure x : new Figure[] {floorChunked, providerChunked}) {
        String name = (x == floorChunked ? "floor" : "OpenAiChatModel.stream") + ", chunked; new connections per stream "
            + num(x.ratio("newConnections", "chunkedStreams"), 2);
        double ttft = ttftMicros(x);
        t.row(name, num(ttft, 1), time(x), bytes(x.allocBytes()),
            x == floorChunked ? "1.00" : ratio(ttft, ttftMicros(floorChunked), 1, " us"),
            x == floorChunked ? "1.00" : vsTime(x, floorChunked), x == floorChunked ? "1.00" : vsBytes(x, floorChunked));
      }
    }
    t.render(out);
  }

  private static double ttftMicros(Figure x) {
    return x.ratio("ttftNanos", "streams") / 1000;
  }

  private void memory() {
    String[] variants = {"floor", "provider", "router"};
    if (f.get("StreamMemoryBenchmark.floor[sizeMb=1]") == null || f.get("StreamMemoryBenchmark.floor[sizeMb=10]") == null) return;
    section("2b. Stream memory: 1 MB vs 10 MB answers (512-char chunks); heap retained mid-stream after a 50 ms reader pause");
    Table t = new Table("", "retained @1MB", "retained @10MB", "over floor @1MB", "over floor @10MB", "alloc/answer byte @1MB", "@10MB");
    double[][] retained = new double[3][2];
    double[][] perByte = new double[3][2];
    int[] sizes = {1, 10};
    for (int v = 0; v < 3; v++) {
      for (int s = 0; s < 2; s++) {
        Figure x = f.get("StreamMemoryBenchmark." + variants[v] + "[sizeMb=" + sizes[s] + "]");
        retained[v][s] = x == null ? Double.NaN : x.ratio("retainedBytes", "samples");
        perByte[v][s] = x == null ? Double.NaN : x.allocBytes() / (sizes[s] * 1048576.0);
      }
    }
    for (int v = 0; v < 3; v++) {
      String name = v == 0 ? "floor: OkHttp + Jackson" : v == 1 ? "OpenAiChatModel.stream" : "Router.stream, 3 candidates";
      t.row(name, mb(retained[v][0]), mb(retained[v][1]),
          v == 0 ? "-" : mb(retained[v][0] - retained[0][0]), v == 0 ? "-" : mb(retained[v][1] - retained[0][1]),
          num(perByte[v][0], 2), num(perByte[v][1], 2));
    }
    t.render(out);
    out.append("  (answer text read so far at the sample: 0.5 MB and 5 MB; every variant keeps the whole answer)\n");
    for (int v = 1; v < 3; v++) {
      double growth = (retained[v][1] - retained[0][1]) - (retained[v][0] - retained[0][0]);
      boolean allocFlat = perByte[v][1] <= perByte[v][0] * 1.25;
      verdict(growth <= FLAT_GROWTH_BYTES && allocFlat, (v == 1 ? "provider" : "router") + " stream memory flat (overhead over floor grows < 1 MB from 1 to 10 MB)",
          "overhead grows " + mb(growth) + ", alloc/byte " + num(perByte[v][0], 2) + " -> " + num(perByte[v][1], 2));
    }
  }

  private void failover() {
    Figure healthy = f.get("FailoverBenchmark.healthy");
    if (healthy == null) return;
    Figure refused = f.get("FailoverBenchmark.refused");
    Figure overloaded = f.get("FailoverBenchmark.overloaded");
    Figure open = f.get("FailoverBenchmark.breakerOpen");
    section("3. Failover: primary down, secondary answers (Router, 3 candidates), mean per call");
    Table t = new Table("", "latency us", "added us", "alloc B", "requests to primary");
    t.row("primary healthy (baseline)", time(healthy), "-", bytes(healthy.allocBytes()), "all");
    t.row("primary refuses connections", time(refused), signed(refused.score() - healthy.score()), bytes(refused.allocBytes()), "every call");
    t.row("primary answers 503", time(overloaded), signed(overloaded.score() - healthy.score()), bytes(overloaded.allocBytes()), "every call");
    double primary = open.get("primaryRequests");
    t.row("primary 503, breaker open", time(open), signed(open.score() - healthy.score()), bytes(open.allocBytes()), num(primary, 0));
    t.render(out);
    double added = refused.score() - healthy.score();
    verdict(added <= FAILOVER_ADDED_MICROS, "failover on refused connection adds <= 2 ms", signed(added) + " us");
    verdict(primary == 0, "breaker open: 0 calls reach the primary", num(primary, 0) + " requests during measurement");
  }

  private void decision() {
    Figure direct = f.get("RouterDecisionBenchmark.direct");
    Figure three = f.get("RouterDecisionBenchmark.fallback3");
    Figure ten = f.get("RouterDecisionBenchmark.weighted10");
    if (direct == null || three == null || ten == null) return;
    section("4. Router decision alone: in-memory models answering at once, mean per call");
    Table t = new Table("", "ns", "alloc B", "router adds ns", "router adds B");
    t.row("direct call to one model", num(direct.score(), 0) + " +-" + num(direct.error(), 0), bytes(direct.allocBytes()), "-", "-");
    t.row("Router, 3 candidates, fallback", num(three.score(), 0) + " +-" + num(three.error(), 0), bytes(three.allocBytes()),
        num(three.score() - direct.score(), 0), bytes(three.allocBytes() - direct.allocBytes()));
    t.row("Router, 10 weighted, 3 breakers open", num(ten.score(), 0) + " +-" + num(ten.error(), 0), bytes(ten.allocBytes()),
        num(ten.score() - direct.score(), 0), bytes(ten.allocBytes() - direct.allocBytes()));
    t.render(out);
    double ns = three.score() - direct.score();
    double b = three.allocBytes() - direct.allocBytes();
    verdict(ns <= ROUTER_ADDED_MICROS * 1000, "router adds <= 5 us per call (bench 4, no network noise)", num(ns, 0) + " ns");
    verdict(b <= ROUTER_ADDED_BYTES, "router adds <= 2 KB per call (bench 4)", bytes(b) + " B");
  }

  private void throughput() {
    Figure floor = f.get("ThroughputBenchmark.floor");
    Figure provider = f.get("ThroughputBenchmark.provider");
    Figure router = f.get("ThroughputBenchmark.router");
    if (floor == null || provider == null || router == null) return;
    section("5. Throughput: 64 concurrent callers, one shared OkHttpClient (pool 256 idle, dispatcher 256/256)");
    Table t = new Table("", "requests/s", "alloc B", "vs floor");
    t.row("floor: OkHttp + Jackson", num(floor.score(), 0) + " +-" + num(floor.error(), 0), bytes(floor.allocBytes()), "1.00");
    t.row("OpenAiChatModel", num(provider.score(), 0) + " +-" + num(provider.error(), 0), bytes(provider.allocBytes()), x(provider.score() / floor.score()));
    t.row("Router, 3 candidates", num(router.score(), 0) + " +-" + num(router.error(), 0), bytes(router.allocBytes()), x(router.score() / floor.score()));
    t.render(out);
  }

  private void section(String title) {
    out.append('\n').append(title).append('\n');
  }

  private void verdict(boolean ok, String target, String measured) {
    verdicts.add(String.format(Locale.ROOT, "%-4s %s: %s", ok ? "ok" : "MISS", target, measured));
  }

  /** The header: date, machine, JDK, command, settings, duration. */
  static String environment(String command, int forks, boolean quick, Duration took) {
    Runtime rt = Runtime.getRuntime();
    String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return "Crossfeed benchmarks, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceAll("\\.\\d+", "") + '\n'
        + "  machine: " + rt.availableProcessors() + " CPUs, " + os + (load >= 0 ? ", load average " + num(load, 2) + " at the end" : "") + '\n'
        + "  JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + '\n'
        + "  command: java -jar examples/target/crossfeed.jar " + command + '\n'
        + "  JMH 1.37, -prof gc, forks " + forks + (quick ? ", --quick: 1 x 0.4 s warmup, 2 x 0.5 s measurement" : ", iterations as annotated")
        + "; took " + took.toMinutes() + " min " + took.toSecondsPart() + " s\n"
        + "  alloc B = gc.alloc.rate.norm: bytes allocated per call by the whole JVM (the stub server allocates ~0)";
  }

  /** Rough wall time of a run of these groups, from runs on a 2-core machine (fork start-up included). */
  static int expectedMinutes(List<String> groups, boolean quick) {
    double seconds = 0;
    for (String g : groups) {
      switch (g) {
        case "chat":
        case "stream":
        case "throughput":
          seconds += quick ? 3 * 4 : 3 * 17;
          break;
        case "failover":
          seconds += quick ? 4 * 4 : 4 * 17;
          break;
        case "memory":
          seconds += quick ? 6 * 8 : 6 * 12;
          break;
        case "decision":
          seconds += quick ? 3 * 4 : 3 * 11;
          break;
        case "paired":
          seconds += quick ? 4 : 27;
          break;
        default:
          break;
      }
    }
    return (int) Math.max(1, Math.round(seconds / 60));
  }

  private static String time(Figure x) {
    return num(x.score(), 1) + " +-" + num(x.error(), 1);
  }

  private static String vsTime(Figure x, Figure floor) {
    return ratio(x.score(), floor.score(), 1, " us");
  }

  private static String vsBytes(Figure x, Figure floor) {
    return x(x.allocBytes() / floor.allocBytes()) + " (" + signedBytes(x.allocBytes() - floor.allocBytes()) + ")";
  }

  private static String ratio(double x, double floor, int decimals, String unit) {
    return x(x / floor) + " (" + signed(x - floor) + unit + ")";
  }

  static String x(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
  }

  static String num(double v, int decimals) {
    if (Double.isNaN(v)) return "n/a";
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  private static String signed(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+,.1f", v);
  }

  static String bytes(double v) {
    return num(v, 0);
  }

  private static String signedBytes(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+,.0f B", v);
  }

  private static String mb(double bytes) {
    return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }

  /** A left-aligned first column and right-aligned others. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void render(StringBuilder out) {
      int cols = rows.get(0).length;
      int[] width = new int[cols];
      for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder("  ");
        for (int c = 0; c < cols; c++) {
          String cell = r[c];
          if (c == 0) line.append(cell).append(" ".repeat(width[c] - cell.length()));
          else line.append("   ").append(" ".repeat(width[c] - cell.length())).append(cell);
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
    }
  }
}
