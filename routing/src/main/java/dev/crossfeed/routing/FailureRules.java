package dev.crossfeed.routing;

import dev.crossfeed.Failure;

/**
 * The failure taxonomy table of DESIGN.md as code: per {@link Failure}, whether the same model may be tried again,
 * where the call may fall back to, and what it does to the model's health.
 */
final class FailureRules {
  /** Where a call may go after a failure. */
  enum Fallback {
    /** Any other candidate. */
    ANY,
    /** Only a candidate with a larger context window. */
    LARGER_WINDOW,
    /** Only the configured content-filter policy fallback. */
    POLICY,
    /** Nowhere: the failure ends the call. */
    NONE
  }

  private FailureRules() {}

  /** Attempts allowed on one model when its last attempt failed this way, the first included. */
  static int maxAttempts(Failure f, int configured) {
    switch (f) {
      case RATE_LIMITED:
      case OVERLOADED:
      case SERVER_ERROR:
      case INVALID_RESPONSE:
      case CONNECTION: // allowed, but only after every other candidate was tried ("elsewhere first")
        return configured;
      case TIMEOUT: // once
        return Math.min(configured, 2);
      default:
        return 1;
    }
  }

  static Fallback fallback(Failure f) {
    switch (f) {
      case CONTEXT_LENGTH_EXCEEDED:
        return Fallback.LARGER_WINDOW;
      case CONTENT_FILTERED:
        return Fallback.POLICY;
      case INVALID_REQUEST:
      case STREAM_INTERRUPTED:
      case CANCELLED:
        return Fallback.NONE;
      default:
        return Fallback.ANY;
    }
  }

  /** Failures that take the model out of rotation for the long cooldown: retrying would only fail again. */
  static boolean longCooldown(Failure f) {
    switch (f) {
      case QUOTA_EXHAUSTED:
      case AUTHENTICATION:
      case PERMISSION:
      case MODEL_NOT_FOUND:
        return true;
      default:
        return false;
    }
  }

  /** Retries after this failure wait for the exponential backoff (else at once, or for the retry hint). */
  static boolean backsOff(Failure f) {
    return f != Failure.TIMEOUT;
  }
}
