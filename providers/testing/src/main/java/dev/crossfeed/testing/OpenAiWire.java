package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Renders OpenAI Chat Completions and Embeddings bodies (reference: openai-chat-completions.md, embeddings.md). */
final class OpenAiWire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long CREATED = 1761000000L;
  static final String FINGERPRINT = "fp_crossfeed";

  private OpenAiWire() {}

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String model(FakeResponse r, FakeRequest req) {
    return r.model().orElse(req.model().isEmpty() ? "gpt-4o-mini" : req.model());
  }

  /** The non-streaming {@code chat.completion} object. */
  static String completion(FakeResponse r, FakeRequest req) {
    ObjectNode root = head(req, "chat.completion", model(r, req));
    root.put("service_tier", "default");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (r.text().isEmpty() && !r.toolCalls().isEmpty()) message.putNull("content");
    else message.put("content", r.text());
    message.putNull("refusal");
    message.putArray("annotations");
    if (!r.reasoning().isEmpty()) message.put("reasoning_content", r.reasoning());
    if (!r.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall c : r.toolCalls()) {
        ObjectNode call = calls.addObject();
        call.put("id", c.id());
        call.put("type", "function");
        ObjectNode fn = call.putObject("function");
        fn.put("name", c.name());
        fn.put("arguments", c.argumentsJson());
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(r.finishReason()));
    root.set("usage", usage(r.usage()));
    return write(root);
  }

  /**
   * The {@code chat.completion.chunk} stream: role chunk (merged into the first tool-call chunk for a tool-only
   * answer), reasoning and content deltas, tool calls (id and name first, arguments in several fragments),
   * the finish chunk, the usage chunk only when {@code includeUsage}, then {@code [DONE]}.
   */
  static List<WireFrame> chunks(FakeResponse r, FakeRequest req, boolean includeUsage) {
    String model = model(r, req);
    List<WireFrame> frames = new ArrayList<>();
    boolean toolOnly = r.text().isEmpty() && r.reasoning().isEmpty() && !r.toolCalls().isEmpty();
    if (!toolOnly) {
      ObjectNode delta = JSON.createObjectNode().put("role", "assistant").put("content", "");
      delta.putNull("refusal");
      frames.add(WireFrame.control(sse(chunk(req, model, delta, null, includeUsage))));
    }
    for (String part : FakeResponse.text(r.reasoning()).chunks()) {
      ObjectNode delta = JSON.createObjectNode().put("reasoning_content", part);
      frames.add(WireFrame.content(sse(chunk(req, model, delta, null, includeUsage))));
    }
    for (String part : r.chunks()) {
      ObjectNode delta = JSON.createObjectNode().put("content", part);
      frames.add(WireFrame.content(sse(chunk(req, model, delta, null, includeUsage))));
    }
    List<ToolCall> calls = r.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      ObjectNode first = JSON.createObjectNode();
      if (toolOnly && i == 0) {
        first.put("role", "assistant").putNull("content");
        first.putNull("refusal");
      }
      ObjectNode call = first.putArray("tool_calls").addObject().put("index", i).put("id", c.id()).put("type", "function");
      call.putObject("function").put("name", c.name()).put("arguments", "");
      frames.add(WireFrame.content(sse(chunk(req, model, first, null, includeUsage))));
      for (String fragment : fragments(c.argumentsJson())) {
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", fragment);
        frames.add(WireFrame.content(sse(chunk(req, model, delta, null, includeUsage))));
      }
    }
    frames.add(WireFrame.control(sse(chunk(req, model, JSON.createObjectNode(), finishReason(r.finishReason()), includeUsage))));
    if (includeUsage) {
      ObjectNode last = head(req, "chat.completion.chunk", model);
      last.putArray("choices");
      last.set("usage", usage(r.usage()));
      frames.add(WireFrame.control(sse(write(last))));
    }
    frames.add(WireFrame.control("data: [DONE]\n\n"));
    return frames;
  }

  /** Arguments split in three fragments (fewer for very short ones), so clients must concatenate by index. */
  static List<String> fragments(String args) {
    List<String> out = new ArrayList<>();
    int n = Math.min(3, Math.max(1, args.length()));
    int step = (args.length() + n - 1) / n;
    for (int i = 0; i < args.length(); i += step) out.add(args.substring(i, Math.min(args.length(), i + step)));
    return out;
  }

  static String sse(String json) {
    return "data: " + json + "\n\n";
  }

  private static String chunk(FakeRequest req, String model, ObjectNode delta, String finish, boolean includeUsage) {
    ObjectNode root = head(req, "chat.completion.chunk", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) choice.putNull("finish_reason");
    else choice.put("finish_reason", finish);
    if (includeUsage) root.putNull("usage");
    return write(root);
  }

  private static ObjectNode head(FakeRequest req, String object, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + req.number());
    root.put("object", object);
    root.put("created", CREATED);
    root.put("model", model);
    root.put("system_fingerprint", FINGERPRINT);
    return root;
  }

  static ObjectNode usage(Usage u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("prompt_tokens", u.inputTokens());
    n.put("completion_tokens", u.outputTokens());
    n.put("total_tokens", u.totalTokens());
    n.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens()).put("audio_tokens", 0);
    n.putObject("completion_tokens_details")
        .put("reasoning_tokens", u.reasoningTokens())
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return n;
  }

  static String finishReason(FinishReason reason) {
    switch (reason) {
      case LENGTH:
      case CONTEXT_LENGTH_EXCEEDED:
        return "length";
      case TOOL_CALLS:
        return "tool_calls";
      case CONTENT_FILTERED:
        return "content_filter";
      case OTHER:
        return "function_call";
      default:
        return "stop";
    }
  }

  /** The {@code /v1/embeddings} list, as float arrays or base64 little-endian float32 when asked. */
  static String embeddings(FakeResponse r, FakeRequest req, boolean base64) {
    List<float[]> vectors = r.vectors();
    if (vectors.isEmpty()) {
      for (int i = 0; i < req.inputs().size(); i++) vectors.add(new float[] {0.1f * (i + 1), -0.2f, 0.3f});
    }
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      float[] v = vectors.get(i);
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) buf.putFloat(f);
        item.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float f : v) values.add(f);
      }
    }
    root.put("model", r.model().orElse(req.model().isEmpty() ? "text-embedding-3-small" : req.model()));
    long tokens = r.usage().inputTokens();
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return write(root);
  }

  /** {@code {"error":{message,type,param,code}}} with the canonical type, param and code of {@code failure}. */
  static ObjectNode error(Failure failure, String message, String model) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode e = root.putObject("error");
    String m = model.isEmpty() ? "gpt-4o-mini" : model;
    switch (failure) {
      case RATE_LIMITED:
        fill(e, message, "Rate limit reached for " + m + " in organization org-crossfeed on tokens per min (TPM): "
            + "Limit 30000, Used 30000, Requested 100. Please try again in 1s.", "tokens", null, "rate_limit_exceeded");
        break;
      case QUOTA_EXHAUSTED:
        fill(e, message, "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota", null, "insufficient_quota");
        break;
      case OVERLOADED:
        fill(e, message, "The server is overloaded or not ready yet.", "service_unavailable_error", null, "server_is_overloaded");
        break;
      case AUTHENTICATION:
        fill(e, message, "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error", null, "invalid_api_key");
        break;
      case PERMISSION:
        fill(e, message, "Country, region, or territory not supported", "request_forbidden", null,
            "unsupported_country_region_territory");
        break;
      case MODEL_NOT_FOUND:
        fill(e, message, "The model `" + m + "` does not exist or you do not have access to it.",
            "invalid_request_error", "model", "model_not_found");
        break;
      case CONTEXT_LENGTH_EXCEEDED:
        fill(e, message, "This model's maximum context length is 128000 tokens. However, your messages resulted in "
            + "130000 tokens. Please reduce the length of the messages.", "invalid_request_error", "messages",
            "context_length_exceeded");
        break;
      case CONTENT_FILTERED:
        fill(e, message, "The response was filtered due to the prompt triggering Azure OpenAI's content management "
            + "policy. Please modify your prompt and retry.", null, "prompt", "content_filter");
        e.put("status", 400);
        ObjectNode inner = e.putObject("innererror").put("code", "ResponsibleAIPolicyViolation");
        inner.putObject("content_filter_result").putObject("jailbreak").put("filtered", true).put("detected", true);
        break;
      case INVALID_REQUEST:
        fill(e, message, "Invalid value for 'temperature': must be a number between 0 and 2.",
            "invalid_request_error", "temperature", "invalid_value");
        break;
      case TIMEOUT:
        fill(e, message, "Request timed out.", "timeout", null, null);
        break;
      default:
        fill(e, message, "The server had an error while processing your request. Sorry about that!", "server_error", null, null);
    }
    return root;
  }

  private static void fill(ObjectNode e, String message, String typical, String type, String param, String code) {
    e.put("message", message != null ? message : typical);
    if (type == null) e.putNull("type");
    else e.put("type", type);
    if (param == null) e.putNull("param");
    else e.put("param", param);
    if (code == null) e.putNull("code");
    else e.put("code", code);
  }
}
