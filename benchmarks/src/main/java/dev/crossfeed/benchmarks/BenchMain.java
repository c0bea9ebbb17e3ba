package dev.crossfeed.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs Crossfeed's benchmarks through the JMH Runner API in one invocation, with {@code -prof gc}, and prints one
 * table: the hand-written OkHttp + Jackson floor, our figures, the ratios, and the DESIGN.md targets. Called by
 * {@code java -jar examples/target/crossfeed.jar bench [options]}.
 *
 * <pre>
 * Options:
 *   --quick          tiny iteration counts (about 2 minutes; numbers are indicative only)
 *   --only G[,G..]   run only these groups: chat, paired, stream, memory, failover, decision, throughput
 *   --forks N        JMH forks per benchmark (default 1; 0 runs in this JVM, for debugging)
 *   --json FILE      also write JMH's JSON results to FILE
 *   --verbose        show JMH's own progress output
 *   --help           this text
 * </pre>
 */
public final class BenchMain {
  /** Benchmark groups, in run order, by option name. */
  static final Map<String, Class<?>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("chat", ChatCallBenchmark.class);
    GROUPS.put("paired", PairedChatBenchmark.class);
    GROUPS.put("stream", StreamBenchmark.class);
    GROUPS.put("memory", StreamMemoryBenchmark.class);
    GROUPS.put("failover", FailoverBenchmark.class);
    GROUPS.put("decision", RouterDecisionBenchmark.class);
    GROUPS.put("throughput", ThroughputBenchmark.class);
  }

  private BenchMain() {}

  public static void main(String[] args) throws RunnerException {
    int code = run(args, System.out);
    if (code != 0) System.exit(code);
  }

  static int run(String[] args, PrintStream out) throws RunnerException {
    boolean quick = false;
    boolean verbose = false;
    int forks = 1;
    String json = null;
    List<String> groups = new ArrayList<>(GROUPS.keySet());
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick":
          quick = true;
          break;
        case "--verbose":
          verbose = true;
          break;
        case "--only":
          String only = value(args, ++i, a);
          groups = parseGroups(only);
          if (groups == null) return usage(out, "unknown or missing group in --only '" + only + "'");
          break;
        case "--forks":
          try {
            forks = Integer.parseInt(value(args, ++i, a));
          } catch (NumberFormatException e) {
            return usage(out, "--forks needs a number");
          }
          break;
        case "--json":
          json = value(args, ++i, a);
          break;
        case "--help":
        case "-h":
          return usage(out, null);
        default:
          return usage(out, "unknown option " + a);
      }
    }
    if (json != null && json.isEmpty()) return usage(out, "--json needs a file name");

    StringBuilder include = new StringBuilder();
    for (String g : groups) {
      if (include.length() > 0) include.append('|');
      include.append(GROUPS.get(g).getSimpleName());
    }
    ChainedOptionsBuilder opts =
        new OptionsBuilder()
            .include("^" + BenchMain.class.getPackageName().replace(".", "\\.") + "\\.(" + include + ")\\.")
            .addProfiler(GCProfiler.class)
            .forks(forks)
            // no logging in the measured JVMs (the library only logs at debug), and no SLF4J start-up chatter
            .jvmArgsPrepend("-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN")
            .shouldFailOnError(true)
            .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
    if (quick) {
      opts.warmupIterations(1)
          .warmupTime(TimeValue.milliseconds(400))
          .measurementIterations(2)
          .measurementTime(TimeValue.milliseconds(500));
    }
    if (json != null) opts.resultFormat(ResultFormatType.JSON).result(json);

    String command = "bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
    out.println("Crossfeed benchmarks: " + String.join(", ", groups) + (quick ? " (quick)" : "")
        + "; expected about " + ResultTable.expectedMinutes(groups, quick) + " min on 2 cores. Running...");
    Instant started = Instant.now();
    Collection<RunResult> results = new Runner(opts.build()).run();
    Duration took = Duration.between(started, Instant.now());
    Map<String, Figure> figures = figures(results);
    out.println();
    out.print(new ResultTable(figures).render(ResultTable.environment(command, forks, quick, took)));
    return 0;
  }

  /** The option's value, or "" when it is missing (then the caller reports it). */
  private static String value(String[] args, int i, String option) {
    return i < args.length ? args[i] : "";
  }

  private static List<String> parseGroups(String list) {
    List<String> out = new ArrayList<>();
    for (String g : list.split(",")) {
      String name = g.strip();
      if (!GROUPS.containsKey(name)) return null;
      out.add(name);
    }
    return out;
  }

  private static int usage(PrintStream out, String problem) {
    if (problem != null) out.println("bench: " + problem);
    out.println("usage: bench [--quick] [--only " + String.join(",", GROUPS.keySet()) + "] [--forks N] [--json FILE] [--verbose]");
    out.println("  Runs the JMH benchmarks (floor = hand-written OkHttp + Jackson) against a loopback stub and prints a table.");
    out.println("  Full run: about " + ResultTable.expectedMinutes(new ArrayList<>(GROUPS.keySet()), false)
        + " min on 2 cores; --quick: about " + ResultTable.expectedMinutes(new ArrayList<>(GROUPS.keySet()), true) + " min.");
    return problem == null ? 0 : 2;
  }

  /** The figures of a run, keyed {@code Class.method} (plus {@code [param=value]}). */
  static Map<String, Figure> figures(Collection<RunResult> results) {
    Map<String, Figure> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String key = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      StringBuilder params = new StringBuilder();
      for (String p : r.getParams().getParamsKeys()) {
        params.append(params.length() == 0 ? "[" : ",").append(p).append('=').append(r.getParams().getParam(p));
      }
      if (params.length() > 0) key += params.append(']');
      Result<?> primary = r.getPrimaryResult();
      Map<String, Double> secondary = new LinkedHashMap<>();
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        secondary.put(e.getKey(), e.getValue().getScore());
      }
      out.put(key, new Figure(key, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), secondary));
    }
    return out;
  }
}
