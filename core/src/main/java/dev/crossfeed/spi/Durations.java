package dev.crossfeed.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The one rule for durations too long to compute with: a deadline is {@code System.nanoTime()} plus a duration in
 * nanoseconds, and {@link Duration#toNanos()} fails beyond about 292 years. A duration longer than {@link #MAX} (100
 * years, longer than anything can wait) is read as "no practical limit" and clamped to it, so a caller's
 * {@code ChronoUnit.FOREVER.getDuration()}, a builder setting or a member's Retry-After hint never throws an
 * {@link ArithmeticException} later; sums of two clamped durations and a clock reading still fit in a {@code long}.
 *
 * <p>Builders, requests and exceptions of every module clamp through {@link #clamp}; text such as a config file's
 * {@code "999999999999h"} is rejected by its reader instead, naming the setting (a typo there is likelier than
 * intent). Stateless and thread-safe.
 */
public final class Durations {
  /** The longest duration the library keeps: 100 years (36,500 days). */
  public static final Duration MAX = Duration.ofDays(36_500);

  private Durations() {}

  /**
   * {@code d}, or {@link #MAX} if {@code d} is longer.
   *
   * @param d a duration (negative ones are returned as they are: rejecting them is the caller's rule)
   * @return {@code d} clamped to {@link #MAX}
   * @throws NullPointerException for null
   */
  public static Duration clamp(Duration d) {
    Objects.requireNonNull(d, "duration == null");
    return d.compareTo(MAX) > 0 ? MAX : d;
  }

  /**
   * True if {@code d} is longer than {@link #MAX} (for readers that reject such text instead of clamping it).
   *
   * @param d a duration, not null
   * @return whether {@link #clamp} would shorten it
   */
  public static boolean isTooLong(Duration d) {
    return d.compareTo(MAX) > 0;
  }
}
