package dev.crossfeed.bedrock;

import dev.crossfeed.Failure;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.FailureClassifier;
import java.util.Locale;

/**
 * Bedrock's errors (bedrock-converse.md §6), classified by error code first: the {@code x-amzn-ErrorType} header
 * of an error response (cut at {@code :}, after the last {@code #}; see {@link #errorCode}), or the
 * {@code :exception-type} of an exception frame inside a 200 stream (status 0), which names the same errors in
 * lowerCamel case.
 *
 * <ul>
 *   <li>{@code ThrottlingException} RATE_LIMITED; its daily form ("Too many tokens per day") QUOTA_EXHAUSTED, since
 *       waiting minutes cannot clear it; {@code ServiceQuotaExceededException} QUOTA_EXHAUSTED.
 *   <li>{@code ServiceUnavailableException}, {@code ModelNotReadyException} OVERLOADED;
 *       {@code InternalServerException}, {@code ModelErrorException}, {@code ModelStreamErrorException}
 *       SERVER_ERROR; {@code ModelTimeoutException} TIMEOUT.
 *   <li>{@code AccessDeniedException} PERMISSION; signature and credential errors ({@code InvalidSignatureException},
 *       {@code UnrecognizedClientException}, {@code ExpiredTokenException}, ...) AUTHENTICATION.
 *   <li>{@code ResourceNotFoundException} MODEL_NOT_FOUND, and so is a {@code ValidationException} saying the model
 *       identifier is invalid or needs an inference profile: this member cannot answer, another can.
 *   <li>{@code ValidationException} "prompt is too long" / "Input is too long" CONTEXT_LENGTH_EXCEEDED; any other
 *       INVALID_REQUEST. Throttles also say "Too many tokens", which is never read as a context overflow.
 * </ul>
 *
 * Without a code, the status decides (429 RATE_LIMITED, then the shared rules). Stateless and thread-safe.
 */
final class BedrockFailureClassifier extends FailureClassifier {
  static final BedrockFailureClassifier INSTANCE = new BedrockFailureClassifier();

  private BedrockFailureClassifier() {}

  @Override
  public Failure classify(int status, ErrorInfo error) {
    String code = normalize(error.code().isEmpty() ? error.type() : error.code());
    String msg = error.message().toLowerCase(Locale.ROOT);
    if (msg.length() > 2000) msg = msg.substring(0, 2000);
    switch (code) {
      case "throttling":
      case "toomanyrequests":
        return msg.contains("per day") ? Failure.QUOTA_EXHAUSTED : Failure.RATE_LIMITED;
      case "servicequotaexceeded":
        return Failure.QUOTA_EXHAUSTED;
      case "serviceunavailable":
      case "modelnotready":
        return Failure.OVERLOADED;
      case "internalserver":
      case "internalfailure":
      case "modelerror":
      case "modelstreamerror":
        return Failure.SERVER_ERROR;
      case "modeltimeout":
        return Failure.TIMEOUT;
      case "accessdenied":
        return Failure.PERMISSION;
      case "invalidsignature":
      case "unrecognizedclient":
      case "expiredtoken":
      case "invalidclienttokenid":
      case "incompletesignature":
      case "missingauthenticationtoken":
      case "signaturedoesnotmatch":
        return Failure.AUTHENTICATION;
      case "resourcenotfound":
        return Failure.MODEL_NOT_FOUND;
      case "validation":
        return validation(msg);
      default:
        break;
    }
    if (status == 429) return msg.contains("per day") ? Failure.QUOTA_EXHAUSTED : Failure.RATE_LIMITED;
    if (status == 403 && (msg.contains("signature") || msg.contains("security token"))) return Failure.AUTHENTICATION;
    if (status == 400) return validation(msg);
    if (status == 424) return Failure.SERVER_ERROR;
    if (status == 0 && code.isEmpty()) return Failure.SERVER_ERROR;
    return super.classify(status, error);
  }

  private static Failure validation(String msg) {
    if (msg.contains("prompt is too long") || msg.contains("input is too long") || msg.contains("too long for requested model")
        || msg.contains("context window") || msg.contains("maximum context length")) {
      return Failure.CONTEXT_LENGTH_EXCEEDED;
    }
    if (msg.contains("model identifier is invalid") || msg.contains("inference profile")) return Failure.MODEL_NOT_FOUND;
    return Failure.INVALID_REQUEST;
  }

  /** {@code ThrottlingException}, {@code throttlingException}, {@code aws#Throttling} all become {@code throttling}. */
  private static String normalize(String code) {
    String c = code.strip().toLowerCase(Locale.ROOT);
    return c.endsWith("exception") ? c.substring(0, c.length() - "exception".length()) : c;
  }

  /**
   * The error code of an {@code x-amzn-ErrorType} header value or a body {@code __type}: cut at the first {@code :},
   * then what follows the last {@code #} (botocore's rule), e.g.
   * {@code AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/} is {@code AccessDeniedException}.
   */
  static String errorCode(String value) {
    if (value == null) return "";
    String v = value.strip();
    int colon = v.indexOf(':');
    if (colon >= 0) v = v.substring(0, colon);
    int hash = v.lastIndexOf('#');
    if (hash >= 0) v = v.substring(hash + 1);
    return v.strip();
  }
}
