package dev.crossfeed.http;

import dev.crossfeed.RateLimits;
import java.time.Duration;
import java.util.Optional;

/**
 * What the headers of one response said, beyond the body.
 *
 * @param status HTTP status
 * @param requestId the provider's request id, empty string when none
 * @param rateLimits rate-limit snapshot
 * @param retryAfter retry hint from the headers (only meaningful on error statuses)
 */
public record ResponseMeta(int status, String requestId, RateLimits rateLimits, Optional<Duration> retryAfter) {
  /** No response (a failure before any status). */
  public static final ResponseMeta NONE = new ResponseMeta(0, "", RateLimits.NONE, Optional.empty());
}
