package dev.crossfeed.openai;

import dev.crossfeed.Failure;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.FailureClassifier;
import java.util.Locale;

/**
 * The shared classifier plus what OpenAI-compatible hosts add: an error inside a 200 stream or body that names
 * its HTTP status in {@code error.code} (OpenRouter {@code "code":502}, vLLM {@code "code":400}) is classified
 * as that status; LM Studio's 200 {@code "Unexpected endpoint or method"} is a wrong request, not a server fault.
 */
final class OpenAiFailureClassifier extends FailureClassifier {
  static final OpenAiFailureClassifier INSTANCE = new OpenAiFailureClassifier();

  private OpenAiFailureClassifier() {}

  @Override
  public Failure classify(int status, ErrorInfo error) {
    if (status == 0 || (status >= 200 && status < 300)) {
      int embedded = embeddedStatus(error.code());
      if (embedded > 0) return super.classify(embedded, error);
      if (error.message().toLowerCase(Locale.ROOT).contains("unexpected endpoint or method")) {
        return Failure.INVALID_REQUEST;
      }
      return super.classify(0, error);
    }
    return super.classify(status, error);
  }

  /** A code of three digits between 400 and 599, else 0. */
  private static int embeddedStatus(String code) {
    if (code.length() != 3) return 0;
    for (int i = 0; i < 3; i++) if (!Character.isDigit(code.charAt(i))) return 0;
    int n = Integer.parseInt(code);
    return n >= 400 && n < 600 ? n : 0;
  }
}
