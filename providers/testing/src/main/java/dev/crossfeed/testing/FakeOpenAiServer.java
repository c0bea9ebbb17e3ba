package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/**
 * A fake OpenAI (and OpenAI-compatible) server: {@code /v1/chat/completions} and {@code /v1/embeddings}, rendered
 * as the reference describes them. Non-streaming answers are {@code chat.completion} JSON; streams are SSE
 * {@code data: {...}\n\n} chunks (role delta, content deltas, tool calls with id and name first and arguments in
 * several fragments by index, a finish chunk, a usage chunk with {@code choices: []} only when the request set
 * {@code stream_options.include_usage}, then {@code data: [DONE]}). Errors use the
 * {@code {"error":{message,type,param,code}}} envelope; every answer carries {@code x-request-id}.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = new FakeOpenAiServer()) {
 *   server.enqueue(FakeResponse.text("Hi!").usage(9, 2),
 *                  FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(2)),
 *                  FakeResponse.text("Hello world").errorAfter(1, Failure.SERVER_ERROR));
 *   ChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).build();
 *   ...
 *   assertEquals("Bearer sk-test", server.takeRequest().header("authorization").orElseThrow());
 * }
 * }</pre>
 *
 * <p>Failure signatures ({@link FakeResponse#failure}): RATE_LIMITED 429 {@code rate_limit_exceeded} with
 * {@code retry-after}, {@code retry-after-ms} and {@code x-ratelimit-*} headers (hint 1s unless scripted);
 * QUOTA_EXHAUSTED 429 {@code insufficient_quota}; OVERLOADED 503 {@code server_is_overloaded}; SERVER_ERROR 500;
 * AUTHENTICATION 401 {@code invalid_api_key}; PERMISSION 403; MODEL_NOT_FOUND 404 {@code model_not_found};
 * CONTEXT_LENGTH_EXCEEDED 400 {@code context_length_exceeded}; CONTENT_FILTERED the Azure-style 400
 * {@code content_filter} (for the 200 form script {@code text(...).finishReason(CONTENT_FILTERED)});
 * INVALID_REQUEST 400 {@code invalid_request_error}; TIMEOUT 408. In-stream errors are
 * {@code data: {"error":{...}}} with the same type and code, and no {@code [DONE]} after them.
 *
 * <p>Thread-safe.
 */
public class FakeOpenAiServer extends FakeProviderServer {
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
          Failure.CONTENT_FILTERED,
          Failure.INVALID_REQUEST,
          Failure.TIMEOUT);

  /** Starts a fake on a free loopback port. */
  public FakeOpenAiServer() {}

  /** {@code http://127.0.0.1:PORT/v1}: the base URL an OpenAI client joins {@code /chat/completions} to. */
  @Override
  public String baseUrl() {
    return baseUrlAt("/v1");
  }

  /**
   * OpenAI's rate-limit headers for a reply, e.g.
   * {@code FakeResponse.text("hi").headers(FakeOpenAiServer.rateLimitHeaders(0, 5000, Duration.ofSeconds(6)))}.
   *
   * @param remainingRequests requests left in the window
   * @param remainingTokens tokens left in the window
   * @param reset time until the windows reset
   * @return the headers, to pass to {@link FakeResponse#headers}
   */
  public static Map<String, String> rateLimitHeaders(long remainingRequests, long remainingTokens, Duration reset) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-ratelimit-limit-requests", String.valueOf(Math.max(500, remainingRequests)));
    h.put("x-ratelimit-limit-tokens", String.valueOf(Math.max(30000, remainingTokens)));
    h.put("x-ratelimit-remaining-requests", String.valueOf(remainingRequests));
    h.put("x-ratelimit-remaining-tokens", String.valueOf(remainingTokens));
    h.put("x-ratelimit-reset-requests", goDuration(reset));
    h.put("x-ratelimit-reset-tokens", goDuration(reset));
    return h;
  }

  @Override
  protected Optional<String> requestIdHeader() {
    return Optional.of("x-request-id");
  }

  @Override
  protected Set<Failure> providerFailures() {
    return FAILURES;
  }

  @Override
  protected FakeRequest parse(int number, RecordedRequest recorded) {
    FakeRequest.Builder b = FakeRequest.builder(number, recorded);
    String path = recorded.getUrl().encodedPath();
    FakeRequest.Endpoint endpoint =
        path.endsWith("/chat/completions")
            ? FakeRequest.Endpoint.CHAT
            : path.endsWith("/embeddings") ? FakeRequest.Endpoint.EMBEDDINGS : FakeRequest.Endpoint.OTHER;
    b.endpoint(endpoint);
    int deployment = path.indexOf("/deployments/");
    if (deployment >= 0) b.model(path.substring(deployment + 13).split("/")[0]);
    if (endpoint == FakeRequest.Endpoint.OTHER) return b.build();
    JsonNode root = json(recorded);
    if (root.hasNonNull("model")) b.model(root.get("model").asText());
    if (endpoint == FakeRequest.Endpoint.EMBEDDINGS) {
      JsonNode input = root.path("input");
      if (input.isTextual()) b.input(input.asText());
      for (JsonNode i : input) b.input(i.asText());
      return b.build();
    }
    b.stream(root.path("stream").asBoolean(false));
    for (JsonNode m : root.path("messages")) message(b, m);
    for (JsonNode t : root.path("tools")) b.toolName(t.path("function").path("name").asText(t.path("name").asText()));
    JsonNode max = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
    if (max != null && max.canConvertToInt()) b.maxOutputTokens(max.asInt());
    if (root.path("temperature").isNumber()) b.temperature(root.get("temperature").asDouble());
    JsonNode format = root.path("response_format");
    switch (format.path("type").asText("text")) {
      case "json_object":
        b.responseFormat(ResponseFormat.Type.JSON_OBJECT, null, null);
        break;
      case "json_schema":
        JsonNode schema = format.path("json_schema");
        b.responseFormat(
            ResponseFormat.Type.JSON_SCHEMA,
            schema.path("name").asText(null),
            schema.has("schema") ? OpenAiWire.write(schema.get("schema")) : null);
        break;
      default:
        break;
    }
    return b.build();
  }

  private static JsonNode json(RecordedRequest recorded) {
    String body = recorded.getBody() == null ? "" : recorded.getBody().utf8();
    try {
      JsonNode root = OpenAiWire.JSON.readTree(body);
      if (root == null || !root.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void message(FakeRequest.Builder b, JsonNode m) {
    String role = m.path("role").asText();
    JsonNode content = m.path("content");
    switch (role) {
      case "system":
      case "developer":
        b.addSystem(text(content));
        break;
      case "user":
        b.message(new FakeRequest.Message(FakeRequest.Role.USER, text(content), images(content), List.of(), ""));
        break;
      case "assistant":
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : m.path("tool_calls")) {
          JsonNode fn = c.path("function");
          calls.add(new ToolCall(c.path("id").asText(), fn.path("name").asText(), fn.path("arguments").asText()));
        }
        b.message(new FakeRequest.Message(FakeRequest.Role.ASSISTANT, text(content), 0, calls, ""));
        break;
      case "tool":
        b.message(new FakeRequest.Message(FakeRequest.Role.TOOL, text(content), 0, List.of(), m.path("tool_call_id").asText()));
        break;
      default:
        throw new IllegalArgumentException("unknown message role: " + role);
    }
  }

  /** A string content, or the text parts of an array content joined. */
  private static String text(JsonNode content) {
    if (content.isTextual()) return content.asText();
    StringBuilder s = new StringBuilder();
    for (JsonNode part : content) if ("text".equals(part.path("type").asText())) s.append(part.path("text").asText());
    return s.toString();
  }

  private static int images(JsonNode content) {
    int n = 0;
    for (JsonNode part : content) if ("image_url".equals(part.path("type").asText())) n++;
    return n;
  }

  @Override
  protected WireResponse renderReply(FakeResponse reply, FakeRequest request) {
    return WireResponse.json(200, OpenAiWire.completion(reply, request));
  }

  @Override
  protected List<WireFrame> renderStream(FakeResponse reply, FakeRequest request) {
    boolean includeUsage = json(request.recorded()).path("stream_options").path("include_usage").asBoolean(false);
    return OpenAiWire.chunks(reply, request, includeUsage);
  }

  @Override
  protected WireFrame renderStreamError(Failure failure, FakeRequest request) {
    return WireFrame.control(OpenAiWire.sse(OpenAiWire.write(OpenAiWire.error(failure, null, request.model()))));
  }

  @Override
  protected WireResponse renderFailure(FakeResponse failure, FakeRequest request) {
    Failure f = failure.failure().orElseThrow();
    WireResponse wire =
        WireResponse.json(status(f), OpenAiWire.write(OpenAiWire.error(f, failure.message().orElse(null), request.model())));
    Duration retryAfter = failure.retryAfter().orElse(f == Failure.RATE_LIMITED ? Duration.ofSeconds(1) : null);
    if (f == Failure.RATE_LIMITED) {
      Map<String, String> limits = rateLimitHeaders(499, 0, retryAfter);
      limits.put("x-ratelimit-reset-requests", "120ms");
      for (Map.Entry<String, String> e : limits.entrySet()) wire = wire.withHeader(e.getKey(), e.getValue());
    }
    if (retryAfter != null) {
      wire = wire.withHeader("retry-after", String.valueOf((retryAfter.toMillis() + 999) / 1000));
      wire = wire.withHeader("retry-after-ms", String.valueOf(retryAfter.toMillis()));
    }
    return wire;
  }

  @Override
  protected WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request) {
    boolean base64 = "base64".equals(json(request.recorded()).path("encoding_format").asText());
    return WireResponse.json(200, OpenAiWire.embeddings(embeddings, request, base64));
  }

  @Override
  protected WireResponse renderMalformed(FakeRequest request) {
    if (request.stream()) {
      return new WireResponse(200, streamContentType(),
          "data: {\"id\":\"chatcmpl-" + request.number() + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":\n\n",
          Map.of());
    }
    return WireResponse.json(200, "{\"id\":\"chatcmpl-" + request.number()
        + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hel");
  }

  private static int status(Failure f) {
    switch (f) {
      case RATE_LIMITED:
      case QUOTA_EXHAUSTED:
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
      case CONTENT_FILTERED:
      case INVALID_REQUEST:
        return 400;
      case TIMEOUT:
        return 408;
      default:
        return 500;
    }
  }

  /** A Go-style duration as OpenAI writes reset times: {@code 120ms}, {@code 1s}, {@code 1.5s}, {@code 1m30s}. */
  static String goDuration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    long minutes = ms / 60_000;
    long rest = ms % 60_000;
    String seconds = rest % 1000 == 0 ? String.valueOf(rest / 1000) : String.valueOf(rest / 1000.0);
    return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
  }
}
