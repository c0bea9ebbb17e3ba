package dev.crossfeed.http;

import dev.crossfeed.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import okhttp3.Headers;

/**
 * Reads rate-limit headers into a {@link RateLimits} snapshot: OpenAI-style {@code x-ratelimit-*} (resets as Go
 * durations), Anthropic's {@code anthropic-ratelimit-*} (resets as RFC 3339 timestamps) and OpenRouter's
 * {@code X-RateLimit-Limit/Remaining/Reset} (reset as epoch milliseconds). Negative values (Azure sends -1) mean
 * unknown.
 */
public final class RateLimitHeaders {
  private RateLimitHeaders() {}

  /**
   * The rate-limit headers of a response, whatever the provider's naming.
   *
   * @param headers the response headers
   * @param clock for resets given as dates or epoch seconds
   * @return the snapshot; {@link RateLimits#NONE} when there are none
   */
  public static RateLimits parse(Headers headers, Clock clock) {
    TreeMap<String, String> raw = new TreeMap<>();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i).toLowerCase(Locale.ROOT);
      if (name.startsWith("x-ratelimit-") || name.startsWith("anthropic-ratelimit-")) {
        raw.put(name, headers.value(i));
      }
    }
    if (raw.isEmpty()) return RateLimits.NONE;
    OptionalLong limitRequests = firstLong(raw, "x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit");
    OptionalLong remainingRequests =
        firstLong(raw, "x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining");
    OptionalLong limitTokens = firstLong(raw, "x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit");
    OptionalLong remainingTokens =
        firstLong(raw, "x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining");
    Optional<Duration> resetRequests =
        reset(raw, "x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset", clock);
    Optional<Duration> resetTokens = reset(raw, "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset", clock);
    // OpenRouter: one request window without a suffix
    if (limitRequests.isEmpty()) limitRequests = firstLong(raw, "x-ratelimit-limit");
    if (remainingRequests.isEmpty()) remainingRequests = firstLong(raw, "x-ratelimit-remaining");
    if (resetRequests.isEmpty() && raw.containsKey("x-ratelimit-reset")) {
      resetRequests = epochMillis(raw.get("x-ratelimit-reset"), clock);
    }
    return new RateLimits(
        limitRequests, remainingRequests, limitTokens, remainingTokens, resetRequests, resetTokens, raw);
  }

  private static OptionalLong firstLong(TreeMap<String, String> raw, String... names) {
    for (String n : names) {
      String v = raw.get(n);
      if (v == null) continue;
      try {
        long l = Long.parseLong(v.strip());
        if (l >= 0) return OptionalLong.of(l);
      } catch (NumberFormatException e) {
        // not a count; ignore
      }
    }
    return OptionalLong.empty();
  }

  private static Optional<Duration> reset(TreeMap<String, String> raw, String goName, String rfcName, Clock clock) {
    String go = raw.get(goName);
    if (go != null) {
      Optional<Duration> d = RetryAfter.goDuration(go);
      if (d.isPresent()) return d;
    }
    String rfc = raw.get(rfcName);
    if (rfc != null) {
      try {
        Instant at = OffsetDateTime.parse(rfc.strip()).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<Duration> epochMillis(String value, Clock clock) {
    try {
      long ms = Long.parseLong(value.strip());
      // small values are durations in seconds, large ones epoch milliseconds
      if (ms < 1_000_000_000L) return RetryAfter.seconds(value);
      Duration d = Duration.ofMillis(ms - clock.millis());
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
