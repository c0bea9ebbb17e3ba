package dev.crossfeed;

/**
 * Why a call failed, in one taxonomy across providers. Routing decides retries, fallbacks and model health
 * from this value alone; see the table in the README.
 */
public enum Failure {
  /** 429 with a retry hint: retry the same model after the hint (capped), else go elsewhere. */
  RATE_LIMITED,
  /** Billing or quota exhausted (402, 429 {@code insufficient_quota}): never retried, fall back. */
  QUOTA_EXHAUSTED,
  /** Provider overloaded (529, 503): backoff or fall back. */
  OVERLOADED,
  /** 500, 502, 504: backoff or fall back. */
  SERVER_ERROR,
  /** Attempt deadline, first-token deadline, 408: retried once, fall back. */
  TIMEOUT,
  /** Connection refused or reset, DNS or TLS failure: fall back first. */
  CONNECTION,
  /** 401: the key is wrong. Fall back; long cooldown. */
  AUTHENTICATION,
  /** 403: the key may not use this model or feature. Fall back; long cooldown. */
  PERMISSION,
  /** 404 model or 410: fall back; long cooldown. */
  MODEL_NOT_FOUND,
  /** The input does not fit the model's context window: fall back only to a larger window. */
  CONTEXT_LENGTH_EXCEEDED,
  /** The provider refused or filtered content: fall back only to a configured policy fallback. */
  CONTENT_FILTERED,
  /** The request is wrong (other 400, 422): a caller bug, never retried or re-routed. */
  INVALID_REQUEST,
  /**
   * The server answered 2xx but with something that cannot be parsed (truncated JSON, HTML, oversized or
   * invalid body). Treated like {@link #SERVER_ERROR} by routing.
   */
  INVALID_RESPONSE,
  /** A stream failed after content already reached the caller: never retried, nothing replayed. */
  STREAM_INTERRUPTED,
  /** The caller cancelled the call. */
  CANCELLED;

  /** {@return true for failures that mean the model, not the request, is unhealthy} */
  public boolean countsAgainstHealth() {
    switch (this) {
      case OVERLOADED:
      case SERVER_ERROR:
      case TIMEOUT:
      case CONNECTION:
      case INVALID_RESPONSE:
      case STREAM_INTERRUPTED:
        return true;
      default:
        return false;
    }
  }
}
