package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void openAiStyle() {
    RateLimits r = RateLimitHeaders.parse(Headers.of(
        "x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "0",
        "x-ratelimit-reset-requests", "6m0s", "x-ratelimit-limit-tokens", "30000",
        "x-ratelimit-remaining-tokens", "29000", "x-ratelimit-reset-tokens", "12ms",
        "x-request-id", "req_1"), clock);
    assertEquals(500, r.limitRequests().getAsLong());
    assertEquals(0, r.remainingRequests().getAsLong());
    assertEquals(Duration.ofMinutes(6), r.resetRequests().orElseThrow());
    assertEquals(Duration.ofMillis(12), r.resetTokens().orElseThrow());
    assertTrue(r.exhausted());
    assertEquals(Duration.ofMinutes(6), r.exhaustedFor().orElseThrow());
    assertEquals(6, r.headers().size());
  }

  @Test
  void anthropicStyleWithRfc3339Resets() {
    RateLimits r = RateLimitHeaders.parse(Headers.of(
        "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "49",
        "anthropic-ratelimit-requests-reset", "2026-11-23T10:00:30Z",
        "anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "2026-11-23T10:01:00Z"), clock);
    assertEquals(49, r.remainingRequests().getAsLong());
    assertEquals(Duration.ofSeconds(30), r.resetRequests().orElseThrow());
    assertTrue(r.exhausted());
    assertEquals(Duration.ofSeconds(60), r.exhaustedFor().orElseThrow());
  }

  @Test
  void azureMinusOneMeansUnknownAndNoHeadersMeansNone() {
    RateLimits r = RateLimitHeaders.parse(Headers.of("x-ratelimit-remaining-requests", "-1"), clock);
    assertTrue(r.remainingRequests().isEmpty());
    assertFalse(r.exhausted());
    assertSame(RateLimits.NONE, RateLimitHeaders.parse(Headers.of("content-type", "x"), clock));
  }

  @Test
  void openRouterEpochMillisReset() {
    long at = clock.millis() + 45_000;
    RateLimits r = RateLimitHeaders.parse(Headers.of(
        "X-RateLimit-Limit", "20", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(at)), clock);
    assertEquals(0, r.remainingRequests().getAsLong());
    assertEquals(Duration.ofSeconds(45), r.resetRequests().orElseThrow());
  }
}
