package dev.crossfeed.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.Router;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code chat --repeat N --concurrency C}: the same request N times from C threads through one router, then one
 * JSON summary line on stdout:
 *
 * <pre>
 * {"requests":N,"succeeded":n,"failed":{"RATE_LIMITED":k},"byModel":{"gpt":x,"claude":y},"latencyMs":{"p50":a,"p99":b}}
 * </pre>
 *
 * <p>{@code failed} counts the final failure of each failed request by kind; {@code byModel} the model (route
 * name) that answered each successful request, every model of the route listed; latencies are per request
 * (all attempts and waits), in whole milliseconds, nearest-rank percentiles over every request.
 */
final class RepeatRun {
  private final Router router;
  private final ChatRequest request;
  private final boolean stream;
  private final boolean trace;
  private final Redactor redactor;
  private final PrintStream out;
  private final PrintStream err;

  RepeatRun(Router router, ChatRequest request, boolean stream, boolean trace, Redactor redactor, PrintStream out, PrintStream err) {
    this.router = router;
    this.request = request;
    this.stream = stream;
    this.trace = trace;
    this.redactor = redactor;
    this.out = out;
    this.err = err;
  }

  /** One request's outcome. */
  private static final class Result {
    long latencyNanos;
    String model;
    ChatModelException error;
  }

  int run(int requests, int threads) {
    Result[] results = new Result[requests];
    AtomicReference<ChatModelException> lastError = new AtomicReference<>();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, requests),
            r -> {
              Thread t = new Thread(r, "crossfeed-repeat-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?>[] futures = new Future<?>[requests];
      for (int i = 0; i < requests; i++) {
        int index = i;
        futures[i] = pool.submit(() -> {
          results[index] = one();
          if (results[index].error != null) lastError.set(results[index].error);
        });
      }
      for (Future<?> f : futures) await(f);
    } finally {
      pool.shutdownNow();
    }
    out.println(TraceLines.write(summary(results)));
    int failed = 0;
    for (Result r : results) if (r.error != null) failed++;
    if (failed == 0) return 0;
    err.println("crossfeed chat: " + failed + " of " + requests + " requests failed; the last one:");
    ChatCommand.reportFailure(err, lastError.get(), redactor);
    return 1;
  }

  private Result one() {
    Result result = new Result();
    long start = System.nanoTime();
    try {
      ChatResponse r;
      if (stream) {
        try (ChatStream s = router.stream(request)) {
          r = s.response();
        }
      } else {
        r = router.chat(request);
      }
      result.latencyNanos = System.nanoTime() - start;
      result.model = TraceLines.answeredBy(r);
      if (trace) print(TraceLines.success(r));
    } catch (ChatModelException e) {
      result.latencyNanos = System.nanoTime() - start;
      result.error = e;
      if (trace) print(TraceLines.failure(e, redactor));
    }
    return result;
  }

  /** Writes one request's trace lines together, so concurrent requests do not interleave. */
  private void print(List<String> lines) {
    synchronized (err) {
      for (String line : lines) err.println(line);
    }
  }

  private ObjectNode summary(Result[] results) {
    Map<Failure, Integer> failed = new EnumMap<>(Failure.class);
    Map<String, Integer> byModel = new LinkedHashMap<>();
    for (String m : router.models()) byModel.put(m, 0);
    long[] millis = new long[results.length];
    int succeeded = 0;
    for (int i = 0; i < results.length; i++) {
      Result r = results[i];
      millis[i] = Math.round(r.latencyNanos / 1_000_000.0);
      if (r.error == null) {
        succeeded++;
        byModel.merge(r.model, 1, Integer::sum);
      } else {
        failed.merge(r.error.failure(), 1, Integer::sum);
      }
    }
    Arrays.sort(millis);
    ObjectNode n = TraceLines.JSON.createObjectNode();
    n.put("requests", results.length);
    n.put("succeeded", succeeded);
    ObjectNode f = n.putObject("failed");
    failed.forEach((k, v) -> f.put(k.name(), v));
    ObjectNode m = n.putObject("byModel");
    byModel.forEach(m::put);
    ObjectNode l = n.putObject("latencyMs");
    l.put("p50", percentile(millis, 50));
    l.put("p99", percentile(millis, 99));
    return n;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the requests", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) throw (RuntimeException) c;
      if (c instanceof Error) throw (Error) c;
      throw new IllegalStateException(c);
    }
  }
}
