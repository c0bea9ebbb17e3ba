package dev.crossfeed.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.time.Duration;
import java.util.Optional;

/**
 * Parses every provider's error envelope into an {@link ErrorInfo}: OpenAI and compatible hosts
 * {@code {"error":{"message","type","param","code"}}}, Anthropic {@code {"type":"error","error":{"type","message"},"request_id"}},
 * Gemini {@code {"error":{"code","message","status","details":[RetryInfo...]}}} (also inside a one-element array),
 * Ollama {@code {"error":"text"}}, Mistral/vLLM {@code {"object":"error","message","type","code"}} and
 * {@code {"detail":...}}. A body that is not JSON (an HTML error page from a proxy) yields its first text as the
 * message, tags stripped.
 */
public final class ErrorBodies {
  private static final int MAX_TEXT = 300;

  private ErrorBodies() {}

  public static ErrorInfo parse(byte[] body) {
    if (body == null || body.length == 0) return ErrorInfo.EMPTY;
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = Json.readTree(body);
    } catch (Exception e) {
      return notJson(text);
    }
    return root == null ? notJson(text) : parse(root);
  }

  /**
   * A body that is not JSON: its first text, typed {@link #MARKUP_PAGE} when it is an HTML/XML page (what a CDN,
   * proxy or load balancer in front of the provider answers; a provider's own API errors are JSON).
   */
  private static ErrorInfo notJson(String text) {
    String type = text.stripLeading().startsWith("<") ? MARKUP_PAGE : "";
    return new ErrorInfo(type, "", "", plainText(text), "", java.util.Optional.empty());
  }

  /** The {@link ErrorInfo#type()} of an error body that is an HTML or XML page rather than a provider's JSON. */
  public static final String MARKUP_PAGE = "crossfeed.markup_page";

  /** Parses an already-read JSON node (e.g. an error event inside a stream). */
  public static ErrorInfo parse(JsonNode root) {
    if (root.isArray() && root.size() > 0) root = root.get(0);
    if (!root.isObject()) return ErrorInfo.message(plainText(root.asText()));
    String requestId = text(root, "request_id");
    JsonNode error = root.get("error");
    if (error != null && error.isTextual()) {
      return new ErrorInfo("", "", "", error.asText(), requestId, Optional.empty());
    }
    JsonNode e = error != null && error.isObject() ? error : root;
    String message = text(e, "message");
    if (message.isEmpty() && e.has("detail")) {
      JsonNode d = e.get("detail");
      message = d.isTextual() ? d.asText() : d.toString();
    }
    if (message.isEmpty() && e.has("msg")) message = text(e, "msg");
    if (message.isEmpty() && e.hasNonNull("message") && e.get("message").isContainerNode()) {
      message = e.get("message").toString(); // Mistral 422: "message":{"detail":[{"type":"extra_forbidden",...}]}
    }
    Optional<Duration> delay = Optional.empty();
    String reason = "";
    JsonNode details = e.get("details");
    if (details != null && details.isArray()) {
      for (JsonNode d : details) {
        if (text(d, "@type").endsWith("google.rpc.RetryInfo")) delay = RetryAfter.goDuration(text(d, "retryDelay"));
        if (text(d, "@type").endsWith("google.rpc.ErrorInfo")) reason = text(d, "reason"); // e.g. API_KEY_INVALID
      }
    }
    String code = text(e, "code");
    if (code.isEmpty() && details != null && details.isObject()) code = text(details, "error_code"); // Anthropic spend caps
    if (isResponsibleAiViolation(e.get("innererror")) || isResponsibleAiViolation(e.get("inner_error"))) {
      code = "content_filter"; // Azure: a prompt blocked by its content policy, whatever the outer code says
    }
    String type = text(e, "type");
    if (type.equals("error") && error == null) type = "";
    if (type.isEmpty()) type = reason;
    return new ErrorInfo(type, code, text(e, "status"), message, requestId, delay);
  }

  private static boolean isResponsibleAiViolation(JsonNode inner) {
    return inner != null && inner.isObject() && "ResponsibleAIPolicyViolation".equals(text(inner, "code"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) return "";
    return v.asText();
  }

  /** The visible text of a non-JSON body, collapsed and shortened. */
  static String plainText(String body) {
    String s = body;
    int title = s.toLowerCase(Locale.ROOT).indexOf("<title>");
    if (title >= 0) {
      int end = s.toLowerCase(Locale.ROOT).indexOf("</title>", title);
      if (end > title) s = s.substring(title + 7, end);
    }
    s = s.replaceAll("<[^>]{0,200}>", " ").replaceAll("\\s+", " ").strip();
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
  }

}
