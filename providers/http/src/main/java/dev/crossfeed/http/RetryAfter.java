package dev.crossfeed.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Parses retry hints: {@code retry-after-ms} (milliseconds, checked first), {@code retry-after} as seconds
 * (fractions allowed) or as an HTTP date, Go-style durations ({@code 6m0s}, {@code 1h2m3.5s}) used by
 * {@code x-ratelimit-reset-*}, and Google's {@code retryDelay} ({@code "1.5s"}). Anything unparseable, negative or
 * absurd (over a day) yields empty rather than an exception: a hint is advice, never a reason to fail.
 */
public final class RetryAfter {
  private static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * The hint in {@code headers}, relative to {@code clock} for HTTP dates.
   *
   * @param headers the response headers
   * @param clock the time HTTP dates are measured from
   * @return the wait, or empty when there is no usable hint
   */
  public static Optional<Duration> fromHeaders(Headers headers, Clock clock) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      Optional<Duration> d = millis(ms);
      if (d.isPresent()) return d;
    }
    String ra = headers.get("retry-after");
    return ra == null ? Optional.empty() : retryAfterValue(ra, clock);
  }

  /**
   * A {@code retry-after} value: seconds or an HTTP date.
   *
   * @param value the header's value
   * @param clock the time an HTTP date is measured from
   * @return the wait, or empty when the value is not usable
   */
  public static Optional<Duration> retryAfterValue(String value, Clock clock) {
    String v = value.strip();
    Optional<Duration> secs = seconds(v);
    if (secs.isPresent()) return secs;
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return bounded(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Seconds as a decimal number.
   *
   * @param value the text
   * @return the duration, or empty when it is not a non-negative number
   */
  public static Optional<Duration> seconds(String value) {
    String v = value.strip();
    if (!mayBeDecimal(v)) return Optional.empty();
    try {
      BigDecimal s = new BigDecimal(v);
      if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(MAX.getSeconds())) > 0) return Optional.empty();
      return Optional.of(Duration.ofNanos(s.movePointRight(9).longValue()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Milliseconds as a decimal number.
   *
   * @param value the text
   * @return the duration, or empty when it is not a non-negative number
   */
  public static Optional<Duration> millis(String value) {
    String v = value.strip();
    if (!mayBeDecimal(v)) return Optional.empty();
    try {
      BigDecimal ms = new BigDecimal(v);
      if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) return Optional.empty();
      return Optional.of(Duration.ofNanos(ms.movePointRight(6).longValue()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A Go-style duration ({@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}) or a bare number of seconds;
   * Google's {@code "1.5s"} is the same form.
   *
   * @param value the text
   * @return the duration, or empty when it is not such a duration
   */
  public static Optional<Duration> goDuration(String value) {
    String v = value.strip();
    if (v.isEmpty()) return Optional.empty();
    Optional<Duration> bare = seconds(v);
    if (bare.isPresent()) return bare;
    // terms of <digits>[.<digits>]<unit>, back to back (hand-parsed: a regex Matcher per rate-limit header was
    // a measurable share of every response's cost)
    int pos = 0;
    int len = v.length();
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < len) {
      int start = pos;
      while (pos < len && isDigit(v.charAt(pos))) pos++;
      if (pos == start) return Optional.empty();
      if (pos + 1 < len && v.charAt(pos) == '.' && isDigit(v.charAt(pos + 1))) {
        pos += 2;
        while (pos < len && isDigit(v.charAt(pos))) pos++;
      }
      BigDecimal n = new BigDecimal(v.substring(start, pos));
      long unit;
      if (v.startsWith("h", pos)) {
        unit = 3_600_000_000_000L;
        pos += 1;
      } else if (v.startsWith("ms", pos)) {
        unit = 1_000_000L;
        pos += 2;
      } else if (v.startsWith("m", pos)) {
        unit = 60_000_000_000L;
        pos += 1;
      } else if (v.startsWith("s", pos)) {
        unit = 1_000_000_000L;
        pos += 1;
      } else if (v.startsWith("us", pos) || v.startsWith("\u00b5s", pos)) {
        unit = 1_000L;
        pos += 2;
      } else if (v.startsWith("ns", pos)) {
        unit = 1L;
        pos += 2;
      } else {
        return Optional.empty();
      }
      nanos = nanos.add(unit == 1L ? n : n.multiply(BigDecimal.valueOf(unit)));
      if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) return Optional.empty();
    }
    if (pos != v.length() || pos == 0) return Optional.empty();
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * False for text that {@link BigDecimal} certainly rejects (every number it accepts ends in a digit or a dot), so
   * the common non-numbers ({@code 8.64s}, {@code 6m0s}, HTTP dates) on every OpenAI response cost no exception.
   */
  private static boolean mayBeDecimal(String v) {
    if (v.isEmpty()) return false;
    char last = v.charAt(v.length() - 1);
    return (last >= '0' && last <= '9') || last == '.';
  }

  private static Optional<Duration> bounded(Duration d) {
    return d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
  }
}
