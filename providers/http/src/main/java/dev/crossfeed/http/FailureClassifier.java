package dev.crossfeed.http;

import dev.crossfeed.Failure;
import java.util.Locale;

/**
 * Maps an HTTP status and a parsed error body to a {@link Failure}, using the signatures in the provider
 * reference: error codes and types first, message substrings as a fallback (codes are often null). Providers
 * with extra signatures wrap it. Stateless and thread-safe.
 */
public class FailureClassifier {
  /** The classifier for every provider's common signatures. */
  public static final FailureClassifier DEFAULT = new FailureClassifier();

  private static final java.util.regex.Pattern MODEL_MISSING =
      java.util.regex.Pattern.compile("\\bmodel\\b.{0,200}?\\b(not found|does not exist)");

  /**
   * Classifies an error response or an error event.
   *
   * @param error what the error body said
   * @param status the HTTP status, or 0 for an error inside a 200 stream
   * @return the failure
   */
  public Failure classify(int status, ErrorInfo error) {
    String type = lower(error.type());
    String code = lower(error.code());
    String grpc = error.status().toUpperCase(Locale.ROOT);
    String msg = lower(error.message());
    if (msg.length() > 2000) msg = msg.substring(0, 2000);

    if (isContextLength(code, msg)) return Failure.CONTEXT_LENGTH_EXCEEDED;
    if (code.equals("content_filter") || type.equals("content_filter") || msg.contains("content management policy")) {
      return Failure.CONTENT_FILTERED;
    }
    if (isQuota(type, code, msg)) return Failure.QUOTA_EXHAUSTED;
    if ((status == 0 || status == 400 || status == 404 || status == 410)
        && (code.equals("model_not_found") || MODEL_MISSING.matcher(msg).find())) {
      return Failure.MODEL_NOT_FOUND;
    }
    if (type.equals("overloaded_error") || code.equals("server_is_overloaded") || code.equals("slow_down")) {
      return Failure.OVERLOADED;
    }
    // A 400 page in HTML is infrastructure in front of the provider (a CDN or proxy), not the provider judging
    // the request: the request may well succeed elsewhere.
    if (status == 400 && type.equals(ErrorBodies.MARKUP_PAGE)) return Failure.SERVER_ERROR;
    switch (status) {
      case 401:
      case 407: // a proxy in front of this provider wants credentials: this route member is unusable, others may not be
        return Failure.AUTHENTICATION;
      case 402:
        return Failure.QUOTA_EXHAUSTED;
      case 403:
      case 451: // unavailable for legal reasons (a geo-block): another provider or region may serve the request
        return Failure.PERMISSION;
      case 404:
      case 410:
        return Failure.MODEL_NOT_FOUND;
      case 408:
        return Failure.TIMEOUT;
      case 405: // method not allowed, 415 unsupported media type, 421 misdirected request: a gateway or load
      case 415: // balancer in front of one provider answering for it, not the provider's API (which never sends
      case 421: // them for a well-formed call), so the route falls back
      case 409:
      case 425:
      case 499: // the server saw the client go away; we did not cancel (a caller's cancel never reads a status)
        return Failure.SERVER_ERROR;
      case 413:
        return Failure.CONTEXT_LENGTH_EXCEEDED;
      case 429:
        return Failure.RATE_LIMITED;
      case 498:
      case 503:
      case 529:
        return Failure.OVERLOADED;
      default:
        break;
    }
    if (status >= 500) return Failure.SERVER_ERROR;
    if (status >= 400) {
      if (grpc.equals("UNAUTHENTICATED") || msg.contains("api key not valid") || code.equals("invalid_api_key")
          || type.equals("api_key_invalid")) { // Gemini: 400 INVALID_ARGUMENT, reason API_KEY_INVALID (also when expired)
        return Failure.AUTHENTICATION;
      }
      return Failure.INVALID_REQUEST;
    }
    if (status >= 300) return Failure.INVALID_RESPONSE;
    return classifyEvent(type, code, grpc, msg);
  }

  /** An error with no HTTP status (inside a stream): by type, gRPC status or code. */
  private static Failure classifyEvent(String type, String code, String grpc, String msg) {
    switch (type) {
      case "rate_limit_error":
      case "rate_limit_exceeded":
      case "tokens":
      case "requests":
        return Failure.RATE_LIMITED;
      case "authentication_error":
        return Failure.AUTHENTICATION;
      case "permission_error":
        return Failure.PERMISSION;
      case "not_found_error":
        return Failure.MODEL_NOT_FOUND;
      case "billing_error":
        return Failure.QUOTA_EXHAUSTED;
      case "invalid_request_error":
        return Failure.INVALID_REQUEST;
      case "timeout_error":
        return Failure.TIMEOUT;
      case "request_too_large":
        return Failure.CONTEXT_LENGTH_EXCEEDED;
      default:
        break;
    }
    switch (grpc) {
      case "RESOURCE_EXHAUSTED":
        return Failure.RATE_LIMITED;
      case "UNAVAILABLE":
        return Failure.OVERLOADED;
      case "DEADLINE_EXCEEDED":
        return Failure.TIMEOUT;
      case "PERMISSION_DENIED":
        return Failure.PERMISSION;
      case "UNAUTHENTICATED":
        return Failure.AUTHENTICATION;
      case "NOT_FOUND":
        return Failure.MODEL_NOT_FOUND;
      case "INVALID_ARGUMENT":
      case "FAILED_PRECONDITION":
        return Failure.INVALID_REQUEST;
      default:
        break;
    }
    if (code.equals("rate_limit_exceeded") || code.equals("429")) return Failure.RATE_LIMITED;
    if (code.equals("503") || code.equals("529") || msg.contains("overloaded")) return Failure.OVERLOADED;
    if (msg.contains("server busy") || msg.contains("maximum pending requests")) return Failure.OVERLOADED;
    return Failure.SERVER_ERROR;
  }

  /** Context-window signatures of OpenAI, Anthropic, Gemini, Ollama, DeepSeek, Mistral and friends. */
  static boolean isContextLength(String code, String msg) {
    return code.equals("context_length_exceeded")
        || code.equals("string_above_max_length")
        || msg.contains("maximum context length")
        || msg.contains("exceed the configured limit")
        || msg.contains("prompt is too long")
        || msg.contains("exceed context limit")
        || msg.contains("exceeds the context length")
        || msg.contains("longer than the context length")
        || msg.contains("context window")
        || msg.contains("context_length_exceeded")
        || (msg.contains("input token count") && msg.contains("exceeds the maximum"))
        || msg.contains("too many tokens");
  }

  private static boolean isQuota(String type, String code, String msg) {
    return code.equals("insufficient_quota")
        || type.equals("insufficient_quota")
        || code.equals("credit_balance_exhausted")
        || code.equals("billing_hard_limit_reached")
        || type.equals("billing_error")
        || msg.contains("insufficient balance")
        || msg.contains("insufficient credits")
        || msg.contains("check your plan and billing")
        || code.contains("spend_limit")
        || msg.contains("spend limit");
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
