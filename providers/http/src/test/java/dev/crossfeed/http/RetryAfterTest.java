package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void millisecondsHeaderWinsOverSeconds() {
    Headers h = Headers.of("retry-after-ms", "1500.5", "retry-after", "30");
    assertEquals(Duration.ofNanos(1_500_500_000L), RetryAfter.fromHeaders(h, clock).orElseThrow());
  }

  @Test
  void secondsAndHttpDate() {
    assertEquals(Duration.ofSeconds(7), RetryAfter.fromHeaders(Headers.of("Retry-After", "7"), clock).orElseThrow());
    assertEquals(Duration.ofMillis(2500), RetryAfter.fromHeaders(Headers.of("retry-after", "2.5"), clock).orElseThrow());
    assertEquals(
        Duration.ofSeconds(90),
        RetryAfter.fromHeaders(Headers.of("retry-after", "Mon, 23 Nov 2026 10:01:30 GMT"), clock).orElseThrow());
    assertEquals(Duration.ZERO,
        RetryAfter.fromHeaders(Headers.of("retry-after", "Mon, 23 Nov 2026 09:00:00 GMT"), clock).orElseThrow());
  }

  @Test
  void garbageNegativeAndAbsurdHintsAreIgnored() {
    assertTrue(RetryAfter.fromHeaders(Headers.of("retry-after", "soon"), clock).isEmpty());
    assertTrue(RetryAfter.fromHeaders(Headers.of("retry-after", "-5"), clock).isEmpty());
    assertTrue(RetryAfter.fromHeaders(Headers.of("retry-after", "99999999999999999999"), clock).isEmpty());
    assertTrue(RetryAfter.fromHeaders(Headers.of(), clock).isEmpty());
    // a bad ms value falls back to retry-after
    assertEquals(Optional.of(Duration.ofSeconds(3)),
        RetryAfter.fromHeaders(Headers.of("retry-after-ms", "x", "retry-after", "3"), clock));
  }

  @Test
  void decimalsWithUnitsAreNotSecondsButGoDurations() {
    assertTrue(RetryAfter.seconds("8.64s").isEmpty());
    assertTrue(RetryAfter.millis("3ms").isEmpty());
    assertEquals(Duration.ofMillis(8640), RetryAfter.goDuration("8.64s").orElseThrow());
    assertEquals(Duration.ofSeconds(2), RetryAfter.seconds("2.").orElseThrow());
    assertEquals(Duration.ofSeconds(10), RetryAfter.seconds("1e1").orElseThrow());
    assertEquals(Duration.ofMillis(1500), RetryAfter.millis(" 1500 ").orElseThrow());
  }

  @Test
  void goDurationUnitsAndMalformedTerms() {
    assertEquals(Duration.ofMinutes(30), RetryAfter.goDuration("0.5h").orElseThrow());
    assertEquals(Duration.ofNanos(1_500), RetryAfter.goDuration("1.5us").orElseThrow());
    assertEquals(Duration.ofNanos(2_000), RetryAfter.goDuration("2\u00b5s").orElseThrow());
    assertEquals(Duration.ofNanos(7), RetryAfter.goDuration("7ns").orElseThrow());
    assertEquals(Duration.ofMillis(61_005), RetryAfter.goDuration("1m1s5ms").orElseThrow());
    for (String bad : new String[] {"1.s", "1.5.5s", ".5s", "1m5", "5mus", "s", "-1s", "+1s", "1 s", "1d", "25h"}) {
      assertTrue(RetryAfter.goDuration(bad).isEmpty(), bad);
    }
    assertEquals(Duration.ofSeconds(5), RetryAfter.goDuration("5").orElseThrow(), "a bare number is seconds");
  }

  @Test
  void goDurations() {
    assertEquals(Duration.ofMillis(20), RetryAfter.goDuration("20ms").orElseThrow());
    assertEquals(Duration.ofMinutes(6), RetryAfter.goDuration("6m0s").orElseThrow());
    assertEquals(Duration.ofMillis(3_723_500), RetryAfter.goDuration("1h2m3.5s").orElseThrow());
    assertEquals(Duration.ofNanos(47_434_392_449L), RetryAfter.goDuration("47.434392449s").orElseThrow());
    assertEquals(Duration.ofMillis(179_560), RetryAfter.goDuration("2m59.56s").orElseThrow());
    assertTrue(RetryAfter.goDuration("5 minutes").isEmpty());
    assertTrue(RetryAfter.goDuration("").isEmpty());
    assertTrue(RetryAfter.goDuration("1s junk").isEmpty());
  }
}
