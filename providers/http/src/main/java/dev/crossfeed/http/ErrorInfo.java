package dev.crossfeed.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider error body reduced to what classification needs. Fields are empty strings when absent.
 *
 * @param type OpenAI {@code error.type}, Anthropic {@code error.type}, Gemini {@code details[].reason} of its
 *     {@code google.rpc.ErrorInfo} (e.g. {@code API_KEY_INVALID})
 * @param code OpenAI {@code error.code} (often null), Gemini numeric code as text
 * @param status Gemini canonical status ({@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}, ...)
 * @param message the human-readable message
 * @param requestId a request id found in the body ({@code request_id}), if any
 * @param retryDelay a retry hint found in the body (Gemini {@code RetryInfo.retryDelay}), if any
 */
public record ErrorInfo(
    String type, String code, String status, String message, String requestId, Optional<Duration> retryDelay) {
  /** Nothing found in the body. */
  public static final ErrorInfo EMPTY = new ErrorInfo("", "", "", "", "", Optional.empty());

  /**
   * Null strings become empty, a null retry delay empty.
   *
   * @param type the error type
   * @param code the error code
   * @param status the error status
   * @param message the message
   * @param requestId a request id in the body
   * @param retryDelay a retry hint in the body
   */
  public ErrorInfo {
    type = type == null ? "" : type;
    code = code == null ? "" : code;
    status = status == null ? "" : status;
    message = message == null ? "" : message;
    requestId = requestId == null ? "" : requestId;
    retryDelay = retryDelay == null ? Optional.empty() : retryDelay;
  }

  /**
   * Only a message.
   *
   * @param message the message
   * @return the info
   */
  public static ErrorInfo message(String message) {
    return new ErrorInfo("", "", "", message, "", Optional.empty());
  }

  /** {@return true when nothing was found} */
  public boolean isEmpty() {
    return type.isEmpty() && code.isEmpty() && status.isEmpty() && message.isEmpty();
  }
}
