package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;

/**
 * Resource hygiene after a hostile suite: no call still running, every pooled connection idle and evictable (a
 * connection held by an unclosed response body is neither), and no leak warning from OkHttp, which reports a
 * response body that was never closed through {@code java.util.logging} logger {@code okhttp3.OkHttpClient}
 * ("A connection to ... was leaked").
 */
final class Hygiene {
  /** Held strongly: java.util.logging keeps loggers only weakly, and the handler must stay installed. */
  private static final Logger OKHTTP = Logger.getLogger("okhttp3.OkHttpClient");
  private static final ConcurrentLinkedQueue<String> WARNINGS = new ConcurrentLinkedQueue<>();

  static {
    OKHTTP.setLevel(Level.ALL);
    OKHTTP.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue() || String.valueOf(r.getMessage()).contains("leaked")) {
              WARNINGS.add(r.getLevel() + " " + r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  private Hygiene() {}

  /** Installs the OkHttp log capture (class initialisation does it); call before a suite runs. */
  static void install() {
    OKHTTP.getName();
  }

  /** Warnings OkHttp logged so far (leaked connections among them). */
  static List<String> okHttpWarnings() {
    return new ArrayList<>(WARNINGS);
  }

  /**
   * Asserts {@code client} is clean: no running or queued call, every connection idle (after GCs, so a leaked body
   * is noticed), and none left after {@code evictAll()}; and OkHttp logged no leak.
   */
  static void assertClean(OkHttpClient client, String suite) {
    await(() -> client.dispatcher().runningCallsCount() == 0 && client.dispatcher().queuedCallsCount() == 0,
        Duration.ofSeconds(5));
    assertEquals(0, client.dispatcher().runningCallsCount(), suite + ": calls still running");
    for (int i = 0; i < 2; i++) System.gc();
    await(() -> client.connectionPool().connectionCount() == client.connectionPool().idleConnectionCount(),
        Duration.ofSeconds(5));
    int total = client.connectionPool().connectionCount();
    int idle = client.connectionPool().idleConnectionCount();
    assertEquals(total, idle, suite + ": connections still in use (an unclosed response body?)");
    client.connectionPool().evictAll();
    assertEquals(0, client.connectionPool().connectionCount(), suite + ": connections left after evictAll");
    assertTrue(okHttpWarnings().isEmpty(), suite + ": OkHttp warned: " + okHttpWarnings());
    Report.line("hygiene " + suite + ": 0 running calls, " + total + " pooled connections all idle and evicted, no OkHttp leak warning");
  }

  /** Waits until {@code condition} holds or {@code timeout} passes, checking every 10 ms. */
  static boolean await(BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) return false;
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }
}
