package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.http.HttpClients;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs after every other suite here (fuzz, hostile servers, secrets, load): no thread of ours is left (provider
 * async threads, router workers, test servers; only the one JVM-wide router timer daemon may stay, by design), the
 * shared client that config-built models use holds no busy or leaked connection, and OkHttp never warned of a
 * leaked response body in the whole run.
 */
@Order(Integer.MAX_VALUE)
@Timeout(60)
class HygieneTest {
  /** Router workers end after 10 s idle (SystemScheduler); give them that and some. */
  static final Duration THREAD_WAIT = Duration.ofSeconds(15);

  @Test
  void noThreadOfOursOutlivesTheSuites() {
    Hygiene.await(() -> ours().isEmpty(), THREAD_WAIT);
    assertEquals(List.of(), ours(), "live threads after " + THREAD_WAIT.toSeconds() + " s");
    long timers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("crossfeed-router-timer")).count();
    assertTrue(timers <= 1, "one router timer per JVM, not one per router: " + timers);
    Report.line("hygiene threads: none of ours alive after the suites (router timer daemons: " + timers + ")");
  }

  @Test
  void theSharedClientIsCleanAndNothingLeakedAllRun() {
    Hygiene.assertClean(HttpClients.shared(), "shared client after every suite");
    assertTrue(Hygiene.okHttpWarnings().isEmpty(), "OkHttp warnings: " + Hygiene.okHttpWarnings());
  }

  private static List<String> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> (n.startsWith("crossfeed-") && !n.equals("crossfeed-router-timer"))
            || n.startsWith("hostile-") || n.startsWith("load-") || n.startsWith("MockWebServer"))
        .sorted()
        .collect(Collectors.toList());
  }
}
