package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/**
 * A fake Gemini Developer API: {@code POST /v1beta/models/{model}:generateContent},
 * {@code :streamGenerateContent?alt=sse}, {@code :embedContent} and {@code :batchEmbedContents}, rendered as
 * gemini-generate-content.md and embeddings.md §2 describe them. Answers are {@code GenerateContentResponse}
 * JSON with the scripted request id as {@code responseId} (Gemini sends no request-id header); streams are
 * {@code data: {…}\r\n\r\n} events (text deltas, thought parts, each function call whole in one chunk with a
 * {@code thoughtSignature} on the first, then an empty-text chunk carrying the finish reason and final usage)
 * that end when the body ends, without a terminator. Function calls carry no id, as on the Developer API.
 *
 * <pre>{@code
 * try (FakeGeminiServer server = new FakeGeminiServer()) {
 *   server.enqueue(FakeResponse.text("Hi!").usage(9, 2),
 *                  FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(2)));
 *   ChatModel model = GeminiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("k"))
 *       .model("gemini-2.5-flash").build();
 *   ...
 *   assertEquals("k", server.takeRequest().header("x-goog-api-key").orElseThrow());
 * }
 * }</pre>
 *
 * <p>Failure signatures ({@link FakeResponse#failure}), all {@code {"error":{code,message,status,details}}}:
 * RATE_LIMITED 429 {@code RESOURCE_EXHAUSTED} with a {@code QuotaFailure} and a {@code RetryInfo.retryDelay}
 * (1s unless scripted; no Retry-After header, as Gemini sends none); QUOTA_EXHAUSTED 429 {@code RESOURCE_EXHAUSTED}
 * "limit: 0" with a per-day quota id; OVERLOADED 503 {@code UNAVAILABLE}; SERVER_ERROR 500 {@code INTERNAL};
 * AUTHENTICATION 400 {@code INVALID_ARGUMENT} "API key not valid" ({@code API_KEY_INVALID}); PERMISSION 403
 * {@code PERMISSION_DENIED}; MODEL_NOT_FOUND 404 {@code NOT_FOUND}; CONTEXT_LENGTH_EXCEEDED 400 "input token
 * count exceeds the maximum"; INVALID_REQUEST 400 {@code INVALID_ARGUMENT}; TIMEOUT 504 {@code DEADLINE_EXCEEDED}.
 * Content filtering is not an error on Gemini: script {@code text(...).finishReason(CONTENT_FILTERED)} (rendered
 * {@code SAFETY}). In-stream errors are written as Gemini does when generation fails mid-stream: the error
 * envelope as raw, multi-line JSON without a {@code data:} prefix.
 *
 * <p>Requests are checked as Gemini checks them: a role other than {@code user}/{@code model}, an empty
 * {@code parts}, {@code functionCall.args} or {@code functionResponse.response} that is not an object, or
 * {@code streamGenerateContent} without {@code alt=sse} get a 400. Thread-safe.
 */
public class FakeGeminiServer extends FakeProviderServer {
  private static final Set<Failure> FAILURES =
      EnumSet.of(
          Failure.RATE_LIMITED,
          Failure.QUOTA_EXHAUSTED,
          Failure.OVERLOADED,
          Failure.SERVER_ERROR,
          Failure.AUTHENTICATION,
          Failure.PERMISSION,
          Failure.MODEL_NOT_FOUND,
          Failure.CONTEXT_LENGTH_EXCEEDED,
          Failure.INVALID_REQUEST,
          Failure.TIMEOUT);

  /** Starts a fake on a free loopback port. */
  public FakeGeminiServer() {}

  /** {@code http://127.0.0.1:PORT/v1beta}: the API root a Gemini client joins {@code models/…} to. */
  @Override
  public String baseUrl() {
    return baseUrlAt("/v1beta");
  }

  /** Gemini's function calls carry no id: clients synthesise them and match results by name. */
  @Override
  public boolean sendsToolCallIds() {
    return false;
  }

  @Override
  protected Set<Failure> providerFailures() {
    return FAILURES;
  }

  @Override
  protected FakeRequest parse(int number, RecordedRequest recorded) {
    FakeRequest.Builder b = FakeRequest.builder(number, recorded);
    String path = recorded.getUrl().encodedPath();
    int colon = path.lastIndexOf(':');
    int models = path.indexOf("/models/");
    if (colon < 0 || models < 0 || colon < models) return b.build();
    b.model(path.substring(models + 8, colon));
    String method = path.substring(colon + 1);
    switch (method) {
      case "generateContent":
        b.endpoint(FakeRequest.Endpoint.CHAT);
        chat(b, json(recorded));
        return b.build();
      case "streamGenerateContent":
        if (!"sse".equals(recorded.getUrl().queryParameter("alt"))) {
          throw new IllegalArgumentException("streamGenerateContent without alt=sse answers a JSON array; use alt=sse");
        }
        b.endpoint(FakeRequest.Endpoint.CHAT).stream(true);
        chat(b, json(recorded));
        return b.build();
      case "embedContent":
        b.endpoint(FakeRequest.Endpoint.EMBEDDINGS);
        b.input(texts(json(recorded).path("content")));
        return b.build();
      case "batchEmbedContents":
        b.endpoint(FakeRequest.Endpoint.EMBEDDINGS);
        JsonNode requests = json(recorded).path("requests");
        if (!requests.isArray() || requests.isEmpty()) throw new IllegalArgumentException("requests is empty");
        if (requests.size() > 100) {
          throw new IllegalArgumentException("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch");
        }
        for (JsonNode r : requests) b.input(texts(r.path("content")));
        return b.build();
      default:
        return b.build();
    }
  }

  private static void chat(FakeRequest.Builder b, JsonNode root) {
    for (JsonNode p : root.path("systemInstruction").path("parts")) b.addSystem(p.path("text").asText(""));
    JsonNode contents = root.path("contents");
    if (!contents.isArray() || contents.isEmpty()) throw new IllegalArgumentException("contents is not specified");
    for (JsonNode c : contents) content(b, c);
    for (JsonNode tool : root.path("tools")) {
      for (JsonNode d : tool.path("functionDeclarations")) b.toolName(d.path("name").asText());
    }
    JsonNode g = root.path("generationConfig");
    if (g.path("maxOutputTokens").canConvertToInt()) b.maxOutputTokens(g.get("maxOutputTokens").asInt());
    if (g.path("temperature").isNumber()) b.temperature(g.get("temperature").asDouble());
    if ("application/json".equals(g.path("responseMimeType").asText())) {
      JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema") : g.get("responseSchema");
      if (schema != null) b.responseFormat(ResponseFormat.Type.JSON_SCHEMA, null, GeminiWire.write(schema));
      else b.responseFormat(ResponseFormat.Type.JSON_OBJECT, null, null);
    }
  }

  /** One {@code Content}: a user turn (text, images, function responses) or a model turn (text, calls). */
  private static void content(FakeRequest.Builder b, JsonNode c) {
    String role = c.path("role").asText("user");
    JsonNode parts = c.path("parts");
    if (!parts.isArray() || parts.isEmpty()) throw new IllegalArgumentException("contents.parts must not be empty");
    StringBuilder text = new StringBuilder();
    int images = 0;
    List<ToolCall> calls = new ArrayList<>();
    List<FakeRequest.Message> results = new ArrayList<>();
    for (JsonNode p : parts) {
      if (p.has("text")) {
        if (!p.path("thought").asBoolean(false)) text.append(p.get("text").asText());
      } else if (p.has("inlineData") || p.has("fileData")) {
        images++;
      } else if (p.has("functionCall")) {
        JsonNode fc = p.get("functionCall");
        JsonNode args = fc.path("args");
        if (!args.isMissingNode() && !args.isObject()) throw new IllegalArgumentException("functionCall.args must be an object");
        calls.add(new ToolCall(fc.path("id").asText(""), fc.path("name").asText(), args.isObject() ? GeminiWire.write(args) : "{}"));
      } else if (p.has("functionResponse")) {
        JsonNode fr = p.get("functionResponse");
        JsonNode response = fr.path("response");
        if (!response.isObject()) throw new IllegalArgumentException("functionResponse.response must be an object");
        String content = response.size() == 1 && response.path("content").isTextual()
            ? response.get("content").asText() : GeminiWire.write(response);
        results.add(new FakeRequest.Message(FakeRequest.Role.TOOL, content, 0, List.of(), fr.path("id").asText("")));
      } else {
        throw new IllegalArgumentException("part without a known data field: " + p);
      }
    }
    switch (role) {
      case "user":
        results.forEach(b::message);
        if (text.length() > 0 || images > 0) {
          b.message(new FakeRequest.Message(FakeRequest.Role.USER, text.toString(), images, List.of(), ""));
        }
        break;
      case "model":
        if (!results.isEmpty()) throw new IllegalArgumentException("functionResponse parts belong in a user turn");
        b.message(new FakeRequest.Message(FakeRequest.Role.ASSISTANT, text.toString(), 0, calls, ""));
        break;
      default:
        throw new IllegalArgumentException("Please use a valid role: user, model. (got " + role + ")");
    }
  }

  private static String texts(JsonNode content) {
    StringBuilder s = new StringBuilder();
    for (JsonNode p : content.path("parts")) s.append(p.path("text").asText(""));
    return s.toString();
  }

  private static JsonNode json(RecordedRequest recorded) {
    String body = recorded.getBody() == null ? "" : recorded.getBody().utf8();
    try {
      JsonNode root = GeminiWire.JSON.readTree(body);
      if (root == null || !root.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid JSON payload received: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  protected WireResponse renderReply(FakeResponse reply, FakeRequest request) {
    return WireResponse.json(200, GeminiWire.response(reply, request, requestId(reply, request.number())));
  }

  @Override
  protected List<WireFrame> renderStream(FakeResponse reply, FakeRequest request) {
    return GeminiWire.chunks(reply, request, requestId(reply, request.number()));
  }

  @Override
  protected WireFrame renderStreamError(Failure failure, FakeRequest request) {
    return WireFrame.control(GeminiWire.pretty(GeminiWire.error(failure, null, request.model(), null)) + "\n");
  }

  @Override
  protected WireResponse renderFailure(FakeResponse failure, FakeRequest request) {
    Failure f = failure.failure().orElseThrow();
    String body = GeminiWire.write(GeminiWire.error(f, failure.message().orElse(null), request.model(),
        failure.retryAfter().orElse(null)));
    return new WireResponse(GeminiWire.status(f), "application/json; charset=UTF-8", body, Map.of());
  }

  @Override
  protected WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request) {
    boolean batch = request.target().contains(":batchEmbedContents");
    return WireResponse.json(200, GeminiWire.embeddings(embeddings, request, batch));
  }

  @Override
  protected WireResponse renderMalformed(FakeRequest request) {
    String truncated = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel";
    if (request.stream()) return new WireResponse(200, streamContentType(), "data: " + truncated + "\r\n\r\n", Map.of());
    return WireResponse.json(200, truncated);
  }
}
