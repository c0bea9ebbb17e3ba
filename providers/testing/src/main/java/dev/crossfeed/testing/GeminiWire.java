package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders Gemini Developer API bodies (reference: gemini-generate-content.md, embeddings.md §2):
 * {@code GenerateContentResponse} objects, their SSE chunks ({@code data: …\r\n\r\n}, no terminator),
 * {@code google.rpc.Status} error envelopes with {@code RetryInfo}, and embedding answers.
 */
final class GeminiWire {
  static final ObjectMapper JSON = new ObjectMapper();
  /** An opaque signature, as Gemini attaches to the first function call of a turn. */
  static final String SIGNATURE = "CiQBjz1rX0crossfeedFakeSignature0AAAA==";

  private GeminiWire() {}

  static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String pretty(Object node) {
    try {
      return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String model(FakeResponse r, FakeRequest req) {
    return r.model().orElse(req.model().isEmpty() ? "gemini-2.5-flash" : req.model());
  }

  /** The non-streaming answer: one candidate with every part, finish reason and usage. */
  static String response(FakeResponse r, FakeRequest req, String responseId) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    ArrayNode parts = content.putArray("parts");
    if (!r.reasoning().isEmpty()) parts.addObject().put("text", r.reasoning()).put("thought", true);
    if (!r.text().isEmpty()) parts.addObject().put("text", r.text());
    functionCalls(parts, r.toolCalls());
    content.put("role", "model");
    candidate.put("finishReason", finishReason(r.finishReason()));
    candidate.put("index", 0);
    root.set("usageMetadata", usage(r.usage()));
    root.put("modelVersion", model(r, req));
    root.put("responseId", responseId);
    return write(root);
  }

  /**
   * The stream: thought parts, text deltas and whole function calls as content chunks (each with the partial
   * usage Gemini repeats: prompt tokens only), then a final control chunk with an empty text part, the finish
   * reason and the final usage. No terminator: the body just ends.
   */
  static List<WireFrame> chunks(FakeResponse r, FakeRequest req, String responseId) {
    String model = model(r, req);
    List<WireFrame> frames = new ArrayList<>();
    for (String part : FakeResponse.text(r.reasoning()).chunks()) {
      frames.add(WireFrame.content(sse(chunk(model, responseId, r.usage(), false, p -> p.addObject().put("text", part).put("thought", true), null))));
    }
    for (String part : r.chunks()) {
      frames.add(WireFrame.content(sse(chunk(model, responseId, r.usage(), false, p -> p.addObject().put("text", part), null))));
    }
    List<ToolCall> calls = r.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      List<ToolCall> one = calls.subList(i, i + 1);
      boolean first = i == 0;
      frames.add(WireFrame.content(sse(chunk(model, responseId, r.usage(), false, p -> functionCall(p, one.get(0), first), null))));
    }
    String finish = finishReason(r.finishReason());
    frames.add(WireFrame.control(sse(chunk(model, responseId, r.usage(), true, p -> p.addObject().put("text", ""), finish))));
    return frames;
  }

  private static String chunk(String model, String responseId, Usage usage, boolean last,
      java.util.function.Consumer<ArrayNode> parts, String finishReason) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    parts.accept(content.putArray("parts"));
    content.put("role", "model");
    if (finishReason != null) candidate.put("finishReason", finishReason);
    candidate.put("index", 0);
    if (last) {
      root.set("usageMetadata", usage(usage));
    } else {
      long prompt = usage.inputTokens();
      root.putObject("usageMetadata").put("promptTokenCount", prompt).put("totalTokenCount", prompt);
    }
    root.put("modelVersion", model);
    root.put("responseId", responseId);
    return write(root);
  }

  private static void functionCalls(ArrayNode parts, List<ToolCall> calls) {
    for (int i = 0; i < calls.size(); i++) functionCall(parts, calls.get(i), i == 0);
  }

  /** A whole {@code functionCall} part; Gemini's Developer API gives calls no id. */
  private static void functionCall(ArrayNode parts, ToolCall call, boolean first) {
    ObjectNode part = parts.addObject();
    ObjectNode fc = part.putObject("functionCall");
    fc.put("name", call.name());
    try {
      fc.set("args", JSON.readTree(call.argumentsJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("scripted tool arguments are not JSON: " + call.argumentsJson(), e);
    }
    if (first) part.put("thoughtSignature", SIGNATURE);
  }

  static String sse(String json) {
    return "data: " + json + "\r\n\r\n";
  }

  /**
   * {@code usageMetadata} for our usage: prompt includes cached tokens, candidates exclude thoughts
   * ({@code candidatesTokenCount = output - reasoning}), total is their sum.
   */
  static ObjectNode usage(Usage u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("promptTokenCount", u.inputTokens());
    if (u.cachedInputTokens() > 0) n.put("cachedContentTokenCount", u.cachedInputTokens());
    n.put("candidatesTokenCount", Math.max(0, u.outputTokens() - u.reasoningTokens()));
    if (u.reasoningTokens() > 0) n.put("thoughtsTokenCount", u.reasoningTokens());
    n.put("totalTokenCount", u.totalTokens());
    n.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", u.inputTokens());
    return n;
  }

  static String finishReason(FinishReason reason) {
    switch (reason) {
      case LENGTH:
      case CONTEXT_LENGTH_EXCEEDED:
        return "MAX_TOKENS";
      case CONTENT_FILTERED:
        return "SAFETY";
      case OTHER:
        return "MALFORMED_FUNCTION_CALL";
      default:
        return "STOP"; // a function call also ends with STOP
    }
  }

  /** HTTP status of Gemini's canonical error for {@code f}. */
  static int status(Failure f) {
    switch (f) {
      case RATE_LIMITED:
      case QUOTA_EXHAUSTED:
        return 429;
      case OVERLOADED:
        return 503;
      case PERMISSION:
        return 403;
      case MODEL_NOT_FOUND:
        return 404;
      case TIMEOUT:
        return 504;
      case AUTHENTICATION: // Gemini answers a bad API key with 400 INVALID_ARGUMENT + reason API_KEY_INVALID
      case CONTEXT_LENGTH_EXCEEDED:
      case INVALID_REQUEST:
        return 400;
      default:
        return 500;
    }
  }

  /** The {@code google.rpc.Status} envelope of Gemini's canonical error for {@code f}. */
  static ObjectNode error(Failure f, String message, String model, Duration retryDelay) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("error");
    String m = model.isEmpty() ? "gemini-2.5-flash" : model;
    e.put("code", status(f));
    ArrayNode details = JSON.createArrayNode();
    switch (f) {
      case RATE_LIMITED:
        fill(e, message, "You exceeded your current quota, please check your plan and billing details. For more "
            + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", "RESOURCE_EXHAUSTED");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations").addObject()
            .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
            .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
            .put("retryDelay", protoDuration(retryDelay == null ? Duration.ofSeconds(1) : retryDelay));
        break;
      case QUOTA_EXHAUSTED:
        fill(e, message, "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded "
            + "for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: " + m,
            "RESOURCE_EXHAUSTED");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure").putArray("violations").addObject()
            .put("quotaId", "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        break;
      case OVERLOADED:
        fill(e, message, "The model is overloaded. Please try again later.", "UNAVAILABLE");
        break;
      case AUTHENTICATION:
        fill(e, message, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
            .put("domain", "googleapis.com");
        break;
      case PERMISSION:
        fill(e, message, "Method doesn't allow unregistered callers (callers without established identity). Please "
            + "use API Key or other form of API consumer identity to call this API.", "PERMISSION_DENIED");
        break;
      case MODEL_NOT_FOUND:
        fill(e, message, "models/" + m + " is not found for API version v1beta, or is not supported for "
            + "generateContent. Call ModelService.ListModels to see the list of available models and their supported "
            + "methods.", "NOT_FOUND");
        break;
      case CONTEXT_LENGTH_EXCEEDED:
        fill(e, message, "The input token count (3475108) exceeds the maximum number of tokens allowed (1048576).",
            "INVALID_ARGUMENT");
        break;
      case INVALID_REQUEST:
        fill(e, message, "Invalid JSON payload received. Unknown name \"foo\": Cannot find field.", "INVALID_ARGUMENT");
        break;
      case TIMEOUT:
        fill(e, message, "Deadline expired before operation could complete.", "DEADLINE_EXCEEDED");
        break;
      default:
        fill(e, message, "An internal error has occurred. Please retry or report in "
            + "https://developers.generativeai.google/guide/troubleshooting", "INTERNAL");
    }
    if (!details.isEmpty()) e.set("details", details);
    return root;
  }

  private static void fill(ObjectNode e, String message, String typical, String status) {
    e.put("message", message != null ? message : typical);
    e.put("status", status);
  }

  /** A protobuf Duration string: {@code 2s}, {@code 34.4s}. */
  static String protoDuration(Duration d) {
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + "s";
  }

  /** {@code {"embedding":{"values":[…]}}} for one input, {@code {"embeddings":[…]}} for a batch. */
  static String embeddings(FakeResponse r, FakeRequest req, boolean batch) {
    List<float[]> vectors = r.vectors();
    if (vectors.isEmpty()) {
      for (int i = 0; i < req.inputs().size(); i++) vectors.add(new float[] {0.1f * (i + 1), -0.2f, 0.3f});
    }
    ObjectNode root = JSON.createObjectNode();
    if (!batch) {
      values(root.putObject("embedding").putArray("values"), vectors.isEmpty() ? new float[0] : vectors.get(0));
      return write(root);
    }
    ArrayNode all = root.putArray("embeddings");
    for (float[] v : vectors) values(all.addObject().putArray("values"), v);
    return write(root);
  }

  private static void values(ArrayNode out, float[] v) {
    for (float f : v) out.add(f);
  }
}
