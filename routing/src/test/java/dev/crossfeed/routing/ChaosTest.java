package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of routed calls (sync, async, stream, push-stream, some cancelled by the caller) against scripted models
 * that fail at random across the whole taxonomy, hang, rate-limit and break streams after content. The fault
 * schedule is a pure function of (seed, model, call, attempt), so it does not depend on thread interleaving; the
 * routing itself is concurrent and real-time. Checks: every call ends in success or a classified exception within
 * its deadline, no call exceeds its attempt budget, streams never show duplicated or spliced content, every started
 * attempt is finished and reaches a model exactly once, and no thread is left behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChaosTest {
  private static final long SEED = Long.getLong("chaos.seed", 20261123L);
  private static final int CALLS = Integer.getInteger("chaos.calls", 10_000);
  private static final Duration DEADLINE = Duration.ofMillis(400);
  /**
   * Wall-clock allowance past the deadline for thread scheduling on a shared, overloaded CI machine. A call the
   * router failed to bound would run into the scripted models' 30-second hang cap instead. (The deadline logic
   * itself is checked exactly, with virtual time, in DeadlineTest.)
   */
  private static final Duration SLACK = Duration.ofSeconds(3);
  private static final int MODELS = 4;
  private static final int WORKERS = 12;
  private static final int MAX_ATTEMPTS = 2;
  private static final int BUDGET = MODELS * MAX_ATTEMPTS + 1; // + the content-filter policy fallback
  private static final Set<String> CALL_THREADS = Set.of("scripted-async-", "crossfeed-stream-", "crossfeed-async-");

  private final ConcurrentHashMap<String, AtomicInteger> attemptsSeen = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();

  @Test
  void everyCallEndsClassifiedWithinItsDeadlineAndBudget() throws Exception {
    List<ScriptedChatModel> models = new ArrayList<>();
    Integer[] windows = {8_000, 16_000, 128_000, null};
    for (int m = 0; m < MODELS; m++) {
      ScriptedChatModel.Builder b = ScriptedChatModel.builder().model("m" + m).prices(0.1 * (m + 1), 0.4).maxHang(Duration.ofSeconds(30));
      if (windows[m] != null) b.contextWindow(windows[m]);
      models.add(b.responder(responder("m" + m)).build());
    }
    ScriptedChatModel safe = ScriptedChatModel.builder().model("safe").responder(responder("safe")).maxHang(Duration.ofSeconds(30)).build();
    RouterListener counting =
        new RouterListener() {
          @Override
          public void attemptStarted(RouteEvent.AttemptStarted e) {
            started.incrementAndGet();
          }

          @Override
          public void attemptFinished(RouteEvent.AttemptFinished e) {
            finished.incrementAndGet();
          }
        };
    List<Router> routers = new ArrayList<>();
    Strategy[] strategies = {Strategy.FALLBACK, Strategy.ROUND_ROBIN, Strategy.LEAST_BUSY, Strategy.WEIGHTED, Strategy.LOWEST_COST};
    for (int i = 0; i < strategies.length + 1; i++) {
      Router.Builder b =
          Router.builder()
              .name("r" + i)
              .strategy(i < strategies.length ? strategies[i] : Strategy.LEAST_LATENCY)
              .timeout(DEADLINE)
              .attemptTimeout(Duration.ofMillis(60))
              .firstTokenTimeout(Duration.ofMillis(40))
              .maxAttempts(MAX_ATTEMPTS)
              .backoff(Duration.ofMillis(1), Duration.ofMillis(8))
              .maxRetryAfter(Duration.ofMillis(10))
              .circuitBreaker(5, Duration.ofMillis(20))
              .longCooldown(Duration.ofMillis(30))
              .contentFilterFallback("safe", safe)
              .random(new java.util.Random(SEED + i))
              .listener(counting);
      if (i == strategies.length) b.hedgeAfter(Duration.ofMillis(15));
      for (int m = 0; m < MODELS; m++) b.model("m" + m, models.get(m));
      routers.add(b.build());
    }

    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> work = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int w = 0; w < WORKERS; w++) {
      work.add(
          pool.submit(
              () -> {
                for (int call = next.getAndIncrement(); call < CALLS; call = next.getAndIncrement()) runOne(call, routers);
                return null;
              }));
    }
    for (Future<?> f : work) f.get();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

    for (ScriptedChatModel m : models) assertTrue(m.awaitIdle(Duration.ofSeconds(10)), m + " still busy");
    assertTrue(safe.awaitIdle(Duration.ofSeconds(10)));
    awaitNoCallThreads();
    int modelCalls = safe.callCount();
    for (ScriptedChatModel m : models) modelCalls += m.callCount();
    assertEquals(started.get(), finished.get(), "every started attempt was finished");
    assertEquals(started.get(), modelCalls, "every attempt reached a model exactly once");
    int ok = endings.getOrDefault("SUCCESS", new AtomicInteger()).get();
    assertTrue(ok > CALLS / 2, "most calls should succeed: " + endings);
    System.out.printf("chaos: %d calls, %d attempts in %d ms; endings %s%n", CALLS, started.get(), elapsedMs, new java.util.TreeMap<>(endings));
  }

  private void runOne(int call, List<Router> routers) {
    SplittableRandom rnd = new SplittableRandom(SEED ^ (call * 0x9E3779B97F4A7C15L));
    Router router = routers.get(rnd.nextInt(routers.size()));
    ChatRequest request = ChatRequest.builder().user("question " + call).metadata("call", String.valueOf(call)).build();
    int path = rnd.nextInt(4);
    boolean cancel = rnd.nextInt(50) == 0;
    long start = System.nanoTime();
    String ending;
    try {
      ending = path == 0 ? chat(router, request) : path == 1 ? async(router, request, cancel) : path == 2 ? stream(router, request, cancel) : pushStream(router, request);
    } catch (ChatModelException e) {
      check(e);
      ending = e.failure().name();
    }
    long took = System.nanoTime() - start;
    if (took > DEADLINE.plus(SLACK).toNanos()) throw new AssertionError("call " + call + " took " + took / 1_000_000 + "ms (" + ending + ")");
    endings.computeIfAbsent(ending, k -> new AtomicInteger()).incrementAndGet();
  }

  private String chat(Router r, ChatRequest req) {
    return success(r.chat(req), null);
  }

  private String async(Router r, ChatRequest req, boolean cancel) {
    CompletableFuture<ChatResponse> f = r.chatAsync(req);
    if (cancel) f.cancel(true);
    try {
      return success(f.get(5, TimeUnit.SECONDS), null);
    } catch (CancellationException e) {
      return "CALLER_CANCELLED";
    } catch (ExecutionException e) {
      throw asClassified(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("async call did not end", e);
    }
  }

  private String stream(Router r, ChatRequest req, boolean closeEarly) {
    StringBuilder seen = new StringBuilder();
    ChatResponse done = null;
    try (ChatStream s = r.stream(req)) {
      for (StreamEvent e : s) {
        if (e instanceof StreamEvent.TextDelta) seen.append(((StreamEvent.TextDelta) e).text());
        if (e instanceof StreamEvent.Completed) done = ((StreamEvent.Completed) e).response();
        if (closeEarly && seen.length() > 0) {
          s.close();
          return "CALLER_CANCELLED";
        }
      }
    } catch (ChatModelException e) {
      checkPartial(e, seen.toString());
      throw e;
    }
    return success(done, seen.toString());
  }

  private String pushStream(Router r, ChatRequest req) {
    StringBuilder seen = new StringBuilder();
    AtomicInteger terminal = new AtomicInteger();
    CompletableFuture<ChatResponse> f =
        r.streamAsync(
            req,
            new StreamListener() {
              @Override
              public void onEvent(StreamEvent e) {
                if (e instanceof StreamEvent.TextDelta) seen.append(((StreamEvent.TextDelta) e).text());
              }

              @Override
              public void onComplete(ChatResponse response) {
                terminal.incrementAndGet();
              }

              @Override
              public void onError(ChatModelException error) {
                terminal.incrementAndGet();
              }
            });
    try {
      ChatResponse done = f.get(5, TimeUnit.SECONDS);
      assertEquals(1, terminal.get());
      return success(done, seen.toString());
    } catch (ExecutionException e) {
      assertEquals(1, terminal.get(), "exactly one of onComplete/onError");
      ChatModelException c = asClassified(e.getCause());
      checkPartial(c, seen.toString());
      throw c;
    } catch (Exception e) {
      throw new AssertionError("stream did not end", e);
    }
  }

  private static ChatModelException asClassified(Throwable t) {
    if (t instanceof ChatModelException) return (ChatModelException) t;
    throw new AssertionError("unclassified failure", t);
  }

  private String success(ChatResponse r, String seen) {
    assertTrue(r.routeTrace().attempts().size() <= BUDGET, "attempts over budget: " + r.routeTrace());
    assertEquals(1, r.routeTrace().attempts().stream().filter(RouteTrace.Attempt::succeeded).count(), "one winner: " + r.routeTrace());
    assertEquals(expectedText(header(r.text())), r.text(), "spliced or duplicated answer");
    if (seen != null) assertEquals(r.text(), seen, "the stream showed something else than the answer");
    return "SUCCESS";
  }

  private void check(ChatModelException e) {
    assertTrue(e.routeTrace().attempts().size() <= BUDGET, "attempts over budget: " + e.routeTrace());
    if (!e.routeTrace().attempts().isEmpty()) {
      boolean fromAnAttempt = e.routeTrace().attempts().stream().anyMatch(a -> a.failure().equals(java.util.Optional.of(e.failure())));
      assertTrue(fromAnAttempt, "the final error " + e.failure() + " is one of the attempts': " + e.routeTrace());
    }
  }

  private void checkPartial(ChatModelException e, String seen) {
    if (e.failure() != Failure.STREAM_INTERRUPTED) {
      assertEquals("", seen, "content reached the caller but the error is " + e.failure());
      return;
    }
    String partial = e.partialResponse().orElseThrow(() -> new AssertionError("no partial answer: " + e.routeTrace(), e)).text();
    assertEquals(seen, partial, "the partial answer is what the caller saw");
    assertTrue(expectedText(header(seen)).startsWith(seen), "spliced stream: " + seen);
  }

  private static String header(String text) {
    int end = text.indexOf(' ');
    String h = end < 0 ? text : text.substring(0, end + 1);
    if (text.indexOf('#', h.length()) >= 0) throw new AssertionError("two answers in one: " + text);
    return h;
  }

  private static String expectedText(String header) {
    return header + "alpha beta gamma";
  }

  /** The fault schedule: what model {@code name} does on attempt n of call c depends only on (seed, name, c, n). */
  private Function<ChatRequest, Outcome> responder(String name) {
    return req -> {
      String call = req.metadata().get("call");
      int attempt = attemptsSeen.computeIfAbsent(name + "/" + call, k -> new AtomicInteger()).incrementAndGet();
      SplittableRandom rnd = new SplittableRandom(SEED * 31 + (name + "/" + call + "/" + attempt).hashCode());
      String header = name + "#" + call + "#" + attempt + " ";
      int roll = rnd.nextInt(100);
      if (name.equals("safe") || roll < 55) return Outcome.textStream(header, "alpha ", "beta ", "gamma");
      if (roll < 60) return Outcome.rateLimited(Duration.ofMillis(1 + rnd.nextInt(20)));
      if (roll < 64) return Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta(header), new StreamEvent.TextDelta("alpha "));
      if (roll < 66) return Outcome.hang();
      return Outcome.fail(FAULTS.get(rnd.nextInt(FAULTS.size())));
    };
  }

  private static final List<Failure> FAULTS =
      List.of(
          Failure.QUOTA_EXHAUSTED, Failure.OVERLOADED, Failure.OVERLOADED, Failure.SERVER_ERROR, Failure.SERVER_ERROR,
          Failure.SERVER_ERROR, Failure.TIMEOUT, Failure.CONNECTION, Failure.CONNECTION, Failure.AUTHENTICATION,
          Failure.PERMISSION, Failure.MODEL_NOT_FOUND, Failure.CONTEXT_LENGTH_EXCEEDED, Failure.CONTENT_FILTERED,
          Failure.INVALID_RESPONSE, Failure.INVALID_RESPONSE, Failure.INVALID_REQUEST, Failure.CANCELLED);

  private static void awaitNoCallThreads() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> alive;
    do {
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> CALL_THREADS.stream().anyMatch(n::startsWith))
              .collect(Collectors.toList());
      if (alive.isEmpty()) return;
      Thread.onSpinWait();
    } while (System.nanoTime() < end);
    throw new AssertionError("threads left behind: " + alive);
  }
}
