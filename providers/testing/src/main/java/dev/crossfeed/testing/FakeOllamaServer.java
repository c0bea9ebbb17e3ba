package dev.crossfeed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/**
 * A fake Ollama server speaking the native API: {@code POST /api/chat} and {@code POST /api/embed}, rendered as
 * the reference describes them. A request without {@code "stream": false} is streamed (Ollama's default) as
 * NDJSON ({@code application/x-ndjson}): thinking pieces, content pieces, whole tool calls (arguments as JSON
 * objects, with {@code id} and {@code function.index}), then a {@code done: true} line with {@code done_reason},
 * {@code prompt_eval_count} and {@code eval_count}. Errors are {@code {"error":"..."}} bodies, and a failure
 * inside a 200 stream is a last {@code {"error":"..."}} line. No request-id header (Ollama sends none).
 *
 * <pre>{@code
 * try (FakeOllamaServer server = new FakeOllamaServer()) {
 *   server.enqueue(FakeResponse.text("Hi!").usage(9, 2), FakeResponse.failure(Failure.OVERLOADED));
 *   ChatModel model = OllamaChatModel.builder().baseUrl(server.baseUrl()).model("llama3.2").build();
 *   ...
 *   assertEquals("Be brief.", server.takeRequest().system());
 * }
 * }</pre>
 *
 * <p>Failure signatures ({@link FakeResponse#failure}, texts as a real server writes them): RATE_LIMITED 429
 * {@code too many requests} (with {@code retry-after} only when scripted, as hosted Ollama may send it);
 * OVERLOADED 503 {@code server busy, please try again.  maximum pending requests exceeded}; SERVER_ERROR 500;
 * AUTHENTICATION 401 {@code unauthorized} with {@code signin_url}; PERMISSION 403; MODEL_NOT_FOUND 404
 * {@code model '<name>' not found}; CONTEXT_LENGTH_EXCEEDED 400 {@code the input length exceeds the context
 * length}; INVALID_REQUEST 400 {@code <name> does not support tools}; CANCELLED 499 {@code request canceled}.
 * There is no content filter, quota or 408 signature. In a stream, {@code finishReason(CONTENT_FILTERED)} renders
 * as {@code stop} and {@code CONTEXT_LENGTH_EXCEEDED} as {@code length}: Ollama has no such reasons.
 *
 * <p>Thread-safe.
 */
public class FakeOllamaServer extends FakeProviderServer {
  private static final Set<Failure> FAILURES =
      EnumSet.of(
          Failure.RATE_LIMITED,
          Failure.OVERLOADED,
          Failure.SERVER_ERROR,
          Failure.AUTHENTICATION,
          Failure.PERMISSION,
          Failure.MODEL_NOT_FOUND,
          Failure.CONTEXT_LENGTH_EXCEEDED,
          Failure.INVALID_REQUEST); // no CANCELLED: Ollama's 499 means it saw the client go, not that we cancelled

  /** Starts a fake on a free loopback port. */
  public FakeOllamaServer() {}

  /** {@code http://127.0.0.1:PORT}: the base URL an Ollama client joins {@code /api/chat} to. */
  @Override
  public String baseUrl() {
    return baseUrlAt("/");
  }

  @Override
  protected Set<Failure> providerFailures() {
    return FAILURES;
  }

  @Override
  protected String streamContentType() {
    return "application/x-ndjson";
  }

  @Override
  protected FakeRequest parse(int number, RecordedRequest recorded) {
    FakeRequest.Builder b = FakeRequest.builder(number, recorded);
    String path = recorded.getUrl().encodedPath();
    FakeRequest.Endpoint endpoint =
        path.endsWith("/api/chat")
            ? FakeRequest.Endpoint.CHAT
            : path.endsWith("/api/embed") ? FakeRequest.Endpoint.EMBEDDINGS : FakeRequest.Endpoint.OTHER;
    b.endpoint(endpoint);
    if (endpoint == FakeRequest.Endpoint.OTHER) return b.build();
    JsonNode root = OllamaWire.read(recorded.getBody() == null ? "" : recorded.getBody().utf8());
    if (root == null || !root.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
    if (!root.path("model").isTextual()) throw new IllegalArgumentException("model is required");
    b.model(root.get("model").asText());
    if (endpoint == FakeRequest.Endpoint.EMBEDDINGS) {
      JsonNode input = root.path("input");
      if (input.isTextual()) b.input(input.asText());
      for (JsonNode i : input) b.input(i.asText());
      return b.build();
    }
    b.stream(root.path("stream").asBoolean(true)); // Ollama streams unless told not to
    for (JsonNode m : root.path("messages")) message(b, m);
    for (JsonNode t : root.path("tools")) b.toolName(t.path("function").path("name").asText());
    JsonNode options = root.path("options");
    if (options.path("num_predict").canConvertToInt()) b.maxOutputTokens(options.get("num_predict").asInt());
    if (options.path("temperature").isNumber()) b.temperature(options.get("temperature").asDouble());
    JsonNode format = root.path("format");
    if (format.isTextual() && format.asText().equals("json")) {
      b.responseFormat(ResponseFormat.Type.JSON_OBJECT, null, null);
    } else if (format.isObject()) {
      b.responseFormat(ResponseFormat.Type.JSON_SCHEMA, null, OllamaWire.write(format));
    }
    return b.build();
  }

  private static void message(FakeRequest.Builder b, JsonNode m) {
    String role = m.path("role").asText();
    JsonNode content = m.path("content");
    if (!content.isMissingNode() && !content.isNull() && !content.isTextual()) {
      throw new IllegalArgumentException("message content must be a string");
    }
    String text = content.asText("");
    switch (role) {
      case "system":
        b.addSystem(text);
        break;
      case "user":
        b.message(new FakeRequest.Message(FakeRequest.Role.USER, text, images(m.path("images")), List.of(), ""));
        break;
      case "assistant":
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : m.path("tool_calls")) {
          JsonNode fn = c.path("function");
          JsonNode args = fn.path("arguments");
          if (!args.isMissingNode() && !args.isObject()) throw new IllegalArgumentException("tool call arguments must be an object");
          calls.add(new ToolCall(c.path("id").asText(""), fn.path("name").asText(), args.isObject() ? OllamaWire.write(args) : "{}"));
        }
        b.message(new FakeRequest.Message(FakeRequest.Role.ASSISTANT, text, 0, calls, ""));
        break;
      case "tool":
        b.message(new FakeRequest.Message(FakeRequest.Role.TOOL, text, 0, List.of(), m.path("tool_call_id").asText("")));
        break;
      default:
        throw new IllegalArgumentException("unknown message role: " + role);
    }
  }

  /** Raw base64 strings; a {@code data:} prefix is an error on a real server, so it is one here. */
  private static int images(JsonNode images) {
    int n = 0;
    for (JsonNode i : images) {
      if (!i.isTextual() || i.asText().startsWith("data:")) throw new IllegalArgumentException("images must be raw base64 strings");
      n++;
    }
    return n;
  }

  @Override
  protected WireResponse renderReply(FakeResponse reply, FakeRequest request) {
    return new WireResponse(200, "application/json; charset=utf-8", OllamaWire.reply(reply, request), Map.of());
  }

  @Override
  protected List<WireFrame> renderStream(FakeResponse reply, FakeRequest request) {
    return OllamaWire.lines(reply, request);
  }

  @Override
  protected WireFrame renderStreamError(Failure failure, FakeRequest request) {
    return WireFrame.control(OllamaWire.error(OllamaWire.message(failure, modelOf(request))) + "\n");
  }

  @Override
  protected WireResponse renderFailure(FakeResponse failure, FakeRequest request) {
    Failure f = failure.failure().orElseThrow();
    String message = failure.message().orElse(OllamaWire.message(f, modelOf(request)));
    String body =
        f == Failure.AUTHENTICATION && failure.message().isEmpty()
            ? "{\"error\":\"unauthorized\",\"signin_url\":\"https://ollama.com/connect?name=fake&key=ZmFrZQ\"}"
            : OllamaWire.error(message);
    WireResponse wire = new WireResponse(OllamaWire.status(f), "application/json; charset=utf-8", body, Map.of());
    Duration retryAfter = failure.retryAfter().orElse(null);
    if (retryAfter != null) wire = wire.withHeader("retry-after", String.valueOf((retryAfter.toMillis() + 999) / 1000));
    return wire;
  }

  @Override
  protected WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request) {
    return new WireResponse(200, "application/json; charset=utf-8", OllamaWire.embeddings(embeddings, request), Map.of());
  }

  @Override
  protected WireResponse renderMalformed(FakeRequest request) {
    String line = "{\"model\":\"" + modelOf(request) + "\",\"created_at\":\"" + OllamaWire.CREATED_AT
        + "\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel";
    return request.stream()
        ? new WireResponse(200, streamContentType(), line + "\n", Map.of())
        : new WireResponse(200, "application/json; charset=utf-8", line, Map.of());
  }

  private static String modelOf(FakeRequest request) {
    return request.model().isEmpty() ? OllamaWire.DEFAULT_MODEL : request.model();
  }
}
