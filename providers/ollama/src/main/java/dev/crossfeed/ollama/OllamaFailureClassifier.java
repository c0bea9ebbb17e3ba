package dev.crossfeed.ollama;

import dev.crossfeed.Failure;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.FailureClassifier;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Ollama's error texts on top of the shared signatures. Ollama errors are a bare string ({@code {"error":"..."}}),
 * so classification leans on the message: {@code model 'llama3.2' not found} (model names contain dots, which
 * the shared pattern stops at), {@code ... does not support tools|thinking|chat} as a request error even inside
 * a stream, {@code request canceled}, and {@code unauthorized} or {@code too many requests} without a status.
 */
final class OllamaFailureClassifier extends FailureClassifier {
  static final OllamaFailureClassifier INSTANCE = new OllamaFailureClassifier();

  private static final Pattern MODEL_NOT_FOUND =
      Pattern.compile("^(pull )?model ['\"]?[^'\"]{1,300}['\"]? not found");

  private OllamaFailureClassifier() {}

  @Override
  public Failure classify(int status, ErrorInfo error) {
    String msg = error.message().toLowerCase(Locale.ROOT).strip();
    if (msg.length() > 2000) msg = msg.substring(0, 2000);
    boolean requestScoped = status == 0 || status == 400 || status == 404 || status == 410;
    if (requestScoped && MODEL_NOT_FOUND.matcher(msg).find()) return Failure.MODEL_NOT_FOUND;
    if (status == 0) {
      if (msg.contains("does not support")) return Failure.INVALID_REQUEST;
      if (msg.equals("unauthorized")) return Failure.AUTHENTICATION;
      if (msg.equals("request canceled")) return Failure.CANCELLED;
      if (msg.contains("too many requests")) return Failure.RATE_LIMITED;
    }
    return super.classify(status, error);
  }
}
