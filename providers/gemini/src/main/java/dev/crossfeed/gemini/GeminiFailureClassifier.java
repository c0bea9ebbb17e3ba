package dev.crossfeed.gemini;

import dev.crossfeed.Failure;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.FailureClassifier;
import java.util.Locale;

/**
 * Gemini's error signatures on top of the shared classifier (see gemini-generate-content.md §6):
 *
 * <ul>
 *   <li>429 / {@code RESOURCE_EXHAUSTED} is RATE_LIMITED (keeping {@code RetryInfo.retryDelay}) even though
 *       Gemini's per-minute message says "check your plan and billing details", which the shared classifier
 *       reads as a quota signature; only a per-day quota or a zero limit ({@code limit: 0}, no free tier for
 *       the model) is QUOTA_EXHAUSTED, since waiting seconds cannot clear it.
 *   <li>400 {@code FAILED_PRECONDITION} (free tier not available in the caller's region) is PERMISSION: the
 *       request is fine, this key may not use the model from here, so another model may answer it.
 *   <li>504 / {@code DEADLINE_EXCEEDED} is TIMEOUT: Gemini ran out of time on its side (the documented remedy is
 *       a longer client deadline or a shorter input); a bare 504 from a proxy stays SERVER_ERROR.
 *   <li>An error object inside a 200 stream carries the HTTP-equivalent {@code code}; it is classified as if
 *       that were the status (the exception still reports no HTTP status).
 * </ul>
 */
final class GeminiFailureClassifier extends FailureClassifier {
  static final GeminiFailureClassifier INSTANCE = new GeminiFailureClassifier();

  private GeminiFailureClassifier() {}

  @Override
  public Failure classify(int status, ErrorInfo error) {
    int effective = status;
    if (effective == 0) effective = numericCode(error.code());
    String grpc = error.status().toUpperCase(Locale.ROOT);
    String msg = error.message().toLowerCase(Locale.ROOT);
    if (effective == 429 || (effective == 0 && grpc.equals("RESOURCE_EXHAUSTED"))) {
      return isLongTermQuota(msg) ? Failure.QUOTA_EXHAUSTED : Failure.RATE_LIMITED;
    }
    if (grpc.equals("DEADLINE_EXCEEDED") && (effective == 504 || effective == 0)) return Failure.TIMEOUT;
    if (grpc.equals("FAILED_PRECONDITION") && (effective == 400 || effective == 0)) return Failure.PERMISSION;
    return super.classify(effective, error);
  }

  private static boolean isLongTermQuota(String msg) {
    return msg.contains("perday") || msg.contains("per day") || msg.contains("limit: 0,") || msg.endsWith("limit: 0");
  }

  private static int numericCode(String code) {
    if (code.length() != 3) return 0;
    try {
      int c = Integer.parseInt(code);
      return c >= 400 && c < 600 ? c : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
