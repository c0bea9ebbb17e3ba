package dev.crossfeed.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Puts Bedrock's error code where the shared error parsing reads it. Bedrock sends the code in the
 * {@code x-amzn-ErrorType} header (the body is only {@code {"message"}}, sometimes {@code {"Message"}}), while the
 * exchange classifies from the body alone; so for an error status this rewrites the (capped) body to
 * {@code {"message": ..., "code": "<ErrorType>"}} (botocore's rule: the header, else the body's {@code __type} or
 * {@code code}). The request's own credentials (session token, bearer key, signature) are scrubbed from the body
 * first, in case a proxy reflects them. Successful responses pass untouched, streams included. Stateless and
 * thread-safe.
 */
final class BedrockErrorCodes implements Interceptor {
  static final BedrockErrorCodes INSTANCE = new BedrockErrorCodes();
  private static final MediaType JSON = MediaType.get("application/json");

  private BedrockErrorCodes() {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.isSuccessful()) return response;
    byte[] body;
    try {
      body = response.peekBody(HttpExchange.MAX_ERROR_BODY).bytes();
    } finally {
      response.close(); // the capped copy is all the classifier reads
    }
    body = scrub(body, chain.request());
    ObjectNode error = Json.objectNode();
    try {
      JsonNode parsed = Json.readTree(body);
      if (parsed != null && parsed.isObject()) error = (ObjectNode) parsed;
      else if (body.length > 0) error.put("message", new String(body, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      if (body.length > 0) error.put("message", new String(body, StandardCharsets.UTF_8));
    }
    if (!error.hasNonNull("message") && error.hasNonNull("Message")) error.put("message", error.get("Message").asText());
    String code = BedrockFailureClassifier.errorCode(response.header("x-amzn-ErrorType"));
    if (code.isEmpty()) code = BedrockFailureClassifier.errorCode(error.path("__type").asText(""));
    if (code.isEmpty()) code = error.path("code").asText("");
    if (!code.isEmpty()) error.put("code", code);
    error.remove("type"); // a body "type" must not pass for an error type of another provider
    return response.newBuilder().body(ResponseBody.create(Json.writeValueAsBytes(error), JSON)).build();
  }

  /**
   * The body with the request's credentials replaced by {@code [redacted]}: the session token, the bearer key and the
   * signature, should a proxy reflect them into an error message.
   */
  static byte[] scrub(byte[] body, Request request) {
    String text = new String(body, StandardCharsets.UTF_8);
    String out = text;
    for (String secret : secrets(request)) {
      if (secret.length() >= 8) out = out.replace(secret, "[redacted]");
    }
    return out == text ? body : out.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> secrets(Request request) {
    List<String> out = new ArrayList<>();
    String token = request.header("X-Amz-Security-Token");
    if (token != null) out.add(token);
    String auth = request.header("Authorization");
    if (auth != null) {
      if (auth.startsWith("Bearer ")) out.add(auth.substring(7).strip());
      int sig = auth.indexOf("Signature=");
      if (sig >= 0) out.add(auth.substring(sig + 10).strip());
    }
    return out;
  }
}
