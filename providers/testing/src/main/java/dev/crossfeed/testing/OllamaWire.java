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
import java.util.ArrayList;
import java.util.List;

/**
 * Renders Ollama's native {@code /api/chat} and {@code /api/embed} bodies (reference: ollama-chat.md,
 * embeddings.md §3): whole answers, NDJSON stream lines, the {@code done: true} line with metrics, and
 * {@code {"error":"..."}} bodies and lines with the texts a real server writes.
 */
final class OllamaWire {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CREATED_AT = "2025-10-26T17:21:21.196249Z";
  static final String DEFAULT_MODEL = "llama3.2";

  private OllamaWire() {}

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String model(FakeResponse r, FakeRequest req) {
    return r.model().orElse(req.model().isEmpty() ? DEFAULT_MODEL : req.model());
  }

  /** The non-streaming answer ({@code "stream": false}): one object, {@code done: true}. */
  static String reply(FakeResponse r, FakeRequest req) {
    ObjectNode root = line(model(r, req));
    ObjectNode message = root.putObject("message").put("role", "assistant").put("content", r.text());
    if (!r.reasoning().isEmpty()) message.put("thinking", r.reasoning());
    if (!r.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (int i = 0; i < r.toolCalls().size(); i++) calls.add(toolCall(r.toolCalls().get(i), i));
    }
    done(root, r.finishReason(), r.usage());
    return write(root);
  }

  /**
   * The NDJSON stream: one line per thinking piece, then per content piece (the text split like
   * {@link FakeResponse#chunks()}), one line per tool call (whole, arguments as an object), then the
   * {@code done: true} line with an empty content, {@code done_reason} and the metrics.
   */
  static List<WireFrame> lines(FakeResponse r, FakeRequest req) {
    String model = model(r, req);
    List<WireFrame> frames = new ArrayList<>();
    if (!r.reasoning().isEmpty()) {
      for (String piece : FakeResponse.text(r.reasoning()).chunks()) {
        ObjectNode l = line(model);
        l.putObject("message").put("role", "assistant").put("content", "").put("thinking", piece);
        frames.add(WireFrame.content(ndjson(l.put("done", false))));
      }
    }
    if (!r.text().isEmpty()) {
      for (String piece : r.chunks()) {
        ObjectNode l = line(model);
        l.putObject("message").put("role", "assistant").put("content", piece);
        frames.add(WireFrame.content(ndjson(l.put("done", false))));
      }
    }
    for (int i = 0; i < r.toolCalls().size(); i++) {
      ObjectNode l = line(model);
      ObjectNode message = l.putObject("message").put("role", "assistant").put("content", "");
      message.putArray("tool_calls").add(toolCall(r.toolCalls().get(i), i));
      frames.add(WireFrame.content(ndjson(l.put("done", false))));
    }
    ObjectNode last = line(model);
    last.putObject("message").put("role", "assistant").put("content", "");
    done(last, r.finishReason(), r.usage());
    frames.add(WireFrame.control(ndjson(last)));
    return frames;
  }

  /** {@code {"error":"..."}}: the body of an error response and the last line of a failed stream. */
  static String error(String message) {
    return write(JSON.createObjectNode().put("error", message));
  }

  static String ndjson(JsonNode node) {
    return write(node) + "\n";
  }

  /** The text a real server writes for a failure (reference §5.2, §5.3, §4.3). */
  static String message(Failure f, String model) {
    switch (f) {
      case RATE_LIMITED:
        return "too many requests";
      case OVERLOADED:
        return "server busy, please try again.  maximum pending requests exceeded";
      case AUTHENTICATION:
        return "unauthorized";
      case PERMISSION:
        return "remote model access is disabled on this server";
      case MODEL_NOT_FOUND:
        return "model '" + model + "' not found";
      case CONTEXT_LENGTH_EXCEEDED:
        return "the input length exceeds the context length";
      case INVALID_REQUEST:
        return "registry.ollama.ai/library/" + model + " does not support tools";
      default:
        return "an error was encountered while running the model: unexpected EOF";
    }
  }

  /** The status a real server answers for a failure. */
  static int status(Failure f) {
    switch (f) {
      case RATE_LIMITED:
        return 429;
      case OVERLOADED:
        return 503;
      case AUTHENTICATION:
        return 401;
      case PERMISSION:
        return 403;
      case MODEL_NOT_FOUND:
        return 404;
      case CONTEXT_LENGTH_EXCEEDED:
      case INVALID_REQUEST:
        return 400;
      default:
        return 500;
    }
  }

  /** The {@code /api/embed} answer. */
  static String embeddings(FakeResponse r, FakeRequest req) {
    ObjectNode root = JSON.createObjectNode().put("model", r.model().orElse(req.model().isEmpty() ? "all-minilm" : req.model()));
    ArrayNode out = root.putArray("embeddings");
    List<float[]> vectors = r.vectors();
    if (vectors.isEmpty()) {
      for (int i = 0; i < req.inputs().size(); i++) vectors.add(new float[] {0.6f, 0.8f - i * 0.1f, 0.0f});
    }
    for (float[] v : vectors) {
      ArrayNode a = out.addArray();
      for (float x : v) a.add(x);
    }
    root.put("total_duration", 14143917L).put("load_duration", 1019500L);
    long tokens = r.usage().inputTokens();
    if (tokens > 0) root.put("prompt_eval_count", tokens);
    return write(root);
  }

  private static ObjectNode line(String model) {
    return JSON.createObjectNode().put("model", model).put("created_at", CREATED_AT);
  }

  /** A tool call as current servers send it: {@code id} (omitted when scripted empty) and {@code function.index}. */
  private static ObjectNode toolCall(ToolCall c, int index) {
    ObjectNode call = JSON.createObjectNode();
    if (!c.id().isEmpty()) call.put("id", c.id());
    ObjectNode fn = call.putObject("function");
    fn.put("index", index);
    fn.put("name", c.name());
    JsonNode args = read(c.argumentsJson());
    fn.set("arguments", args.isObject() ? args : JSON.createObjectNode());
    return call;
  }

  /** Ollama has no filter or context-window reason: those render as {@code stop} and {@code length}. */
  private static void done(ObjectNode root, FinishReason reason, Usage usage) {
    root.put("done", true);
    root.put("done_reason", doneReason(reason));
    root.put("total_duration", 182242375L).put("load_duration", 41295167L);
    if (usage.inputTokens() > 0) root.put("prompt_eval_count", usage.inputTokens());
    root.put("prompt_eval_duration", 24573166L);
    if (usage.outputTokens() > 0) root.put("eval_count", usage.outputTokens());
    root.put("eval_duration", 115959084L);
  }

  static String doneReason(FinishReason reason) {
    switch (reason) {
      case LENGTH:
      case CONTEXT_LENGTH_EXCEEDED:
        return "length";
      case OTHER:
        return "load";
      default:
        return "stop";
    }
  }
}
