package dev.crossfeed;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a provider's rate-limit headers ({@code x-ratelimit-*}, {@code anthropic-ratelimit-*}) on one
 * response. Routing uses it to avoid a model that is about to return 429.
 *
 * @param limitRequests request limit of the window, if reported
 * @param remainingRequests requests left in the window, if reported
 * @param limitTokens token limit of the window, if reported
 * @param remainingTokens tokens left in the window, if reported
 * @param resetRequests time until the request window resets, if reported
 * @param resetTokens time until the token window resets, if reported
 * @param headers the raw rate-limit headers (lower-case names), for anything not modelled above
 */
public record RateLimits(
    OptionalLong limitRequests,
    OptionalLong remainingRequests,
    OptionalLong limitTokens,
    OptionalLong remainingTokens,
    Optional<Duration> resetRequests,
    Optional<Duration> resetTokens,
    Map<String, String> headers) {

  /** No rate-limit information. */
  public static final RateLimits NONE =
      new RateLimits(
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of());

  /**
   * Checks every field is there and copies the headers.
   *
   * @param limitRequests request limit of the window
   * @param remainingRequests requests left in the window
   * @param limitTokens token limit of the window
   * @param remainingTokens tokens left in the window
   * @param resetRequests time until the request window resets
   * @param resetTokens time until the token window resets
   * @param headers the raw rate-limit headers
   */
  public RateLimits {
    Objects.requireNonNull(limitRequests, "limitRequests == null");
    Objects.requireNonNull(remainingRequests, "remainingRequests == null");
    Objects.requireNonNull(limitTokens, "limitTokens == null");
    Objects.requireNonNull(remainingTokens, "remainingTokens == null");
    Objects.requireNonNull(resetRequests, "resetRequests == null");
    Objects.requireNonNull(resetTokens, "resetTokens == null");
    headers = Map.copyOf(headers);
  }

  /** {@return true when no header was seen} */
  public boolean isEmpty() {
    return this.equals(NONE) || (headers.isEmpty() && remainingRequests.isEmpty() && remainingTokens.isEmpty());
  }

  /**
   * True when the provider reported zero requests or zero tokens left: the next call would likely be
   * answered 429.
   *
   * @return true if a window has nothing left
   */
  public boolean exhausted() {
    return (remainingRequests.isPresent() && remainingRequests.getAsLong() <= 0)
        || (remainingTokens.isPresent() && remainingTokens.getAsLong() <= 0);
  }

  /** {@return the longest reset time among the exhausted windows, or empty} */
  public Optional<Duration> exhaustedFor() {
    Duration d = null;
    if (remainingRequests.isPresent() && remainingRequests.getAsLong() <= 0 && resetRequests.isPresent()) {
      d = resetRequests.get();
    }
    if (remainingTokens.isPresent() && remainingTokens.getAsLong() <= 0 && resetTokens.isPresent()) {
      Duration t = resetTokens.get();
      d = d == null || t.compareTo(d) > 0 ? t : d;
    }
    return Optional.ofNullable(d);
  }
}
