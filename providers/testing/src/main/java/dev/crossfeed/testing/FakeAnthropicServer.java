package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.RecordedRequest;

/**
 * A fake Anthropic server: {@code POST /v1/messages}, rendered as the reference describes it. Non-streaming answers
 * are {@code message} objects (thinking, text and tool_use blocks; {@code stop_reason}; usage with cache counters);
 * streams are SSE with {@code event:} and {@code data:} lines in the documented order ({@code message_start},
 * {@code content_block_start/delta/stop} with text, thinking, signature and {@code input_json_delta} fragments,
 * a {@code ping}, {@code message_delta} with cumulative usage, {@code message_stop}; no {@code [DONE]}). Errors use
 * {@code {"type":"error","error":{type,message},"request_id"}}; every answer carries {@code request-id}.
 *
 * <pre>{@code
 * try (FakeAnthropicServer server = new FakeAnthropicServer()) {
 *   server.enqueue(FakeResponse.text("Hi!").usage(9, 2),
 *                  FakeResponse.failure(Failure.OVERLOADED),                          // 529 overloaded_error
 *                  FakeResponse.text("Hello world").errorAfter(0, Failure.OVERLOADED)); // event: error in a 200
 *   ChatModel model = AnthropicChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-ant-test"))
 *       .model("claude-sonnet-4-5").build();
 *   ...
 *   assertEquals("sk-ant-test", server.takeRequest().header("x-api-key").orElseThrow());
 * }
 * }</pre>
 *
 * <p>Requests are checked like the real API: without {@code x-api-key} or {@code anthropic-version}, or without
 * {@code max_tokens}, the answer is a 400 {@code invalid_request_error} naming what is missing.
 *
 * <p>Failure signatures ({@link FakeResponse#failure}): RATE_LIMITED 429 {@code rate_limit_error} with
 * {@code retry-after} (1 s unless scripted) and {@code anthropic-ratelimit-*} headers (RFC 3339 resets);
 * QUOTA_EXHAUSTED 402 {@code billing_error}; OVERLOADED 529 {@code overloaded_error}; SERVER_ERROR 500
 * {@code api_error}; AUTHENTICATION 401; PERMISSION 403; MODEL_NOT_FOUND 404 {@code not_found_error}
 * ({@code model: <name>}); CONTEXT_LENGTH_EXCEEDED 400 {@code prompt is too long: N tokens > M maximum};
 * INVALID_REQUEST 400 {@code invalid_request_error}; TIMEOUT 408. Anthropic filters content with a 200, so script
 * {@code text(...).finishReason(CONTENT_FILTERED)} (rendered {@code stop_reason: refusal}). In-stream errors are
 * {@code event: error} with the same type, and nothing after them. A scripted retry hint is sent as
 * {@code retry-after} seconds (rounded up).
 *
 * <p>Thread-safe.
 */
public class FakeAnthropicServer extends FakeProviderServer {
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
  public FakeAnthropicServer() {}

  /** {@code http://127.0.0.1:PORT}: the base URL an Anthropic client joins {@code /v1/messages} to. */
  @Override
  public String baseUrl() {
    return baseUrlAt("/");
  }

  /**
   * Anthropic's rate-limit headers for an answer, e.g.
   * {@code FakeResponse.text("hi").headers(FakeAnthropicServer.rateLimitHeaders(0, 5000, Duration.ofSeconds(6)))};
   * resets are RFC 3339 timestamps {@code reset} from now.
   *
   * @param remainingRequests requests left in the window
   * @param remainingTokens tokens left in the window
   * @param reset time until the windows reset
   * @return the headers, to pass to {@link FakeResponse#headers}
   */
  public static Map<String, String> rateLimitHeaders(long remainingRequests, long remainingTokens, Duration reset) {
    String at = Instant.now().plus(reset).truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("anthropic-ratelimit-requests-limit", String.valueOf(Math.max(50, remainingRequests)));
    h.put("anthropic-ratelimit-requests-remaining", String.valueOf(remainingRequests));
    h.put("anthropic-ratelimit-requests-reset", at);
    h.put("anthropic-ratelimit-tokens-limit", String.valueOf(Math.max(30000, remainingTokens)));
    h.put("anthropic-ratelimit-tokens-remaining", String.valueOf(remainingTokens));
    h.put("anthropic-ratelimit-tokens-reset", at);
    h.put("anthropic-ratelimit-input-tokens-limit", String.valueOf(Math.max(30000, remainingTokens)));
    h.put("anthropic-ratelimit-input-tokens-remaining", String.valueOf(remainingTokens));
    h.put("anthropic-ratelimit-input-tokens-reset", at);
    h.put("anthropic-ratelimit-output-tokens-limit", "8000");
    h.put("anthropic-ratelimit-output-tokens-remaining", "8000");
    h.put("anthropic-ratelimit-output-tokens-reset", at);
    return h;
  }

  @Override
  protected Optional<String> requestIdHeader() {
    return Optional.of("request-id");
  }

  @Override
  protected Set<Failure> providerFailures() {
    return FAILURES;
  }

  @Override
  protected FakeRequest parse(int number, RecordedRequest recorded) {
    FakeRequest.Builder b = FakeRequest.builder(number, recorded);
    String path = recorded.getUrl().encodedPath();
    boolean messages = path.endsWith("/v1/messages");
    b.endpoint(messages ? FakeRequest.Endpoint.CHAT : FakeRequest.Endpoint.OTHER);
    if (!messages) return b.build();
    if (recorded.getHeaders().get("x-api-key") == null && recorded.getHeaders().get("authorization") == null) {
      throw new IllegalArgumentException("x-api-key header is required");
    }
    if (recorded.getHeaders().get("anthropic-version") == null) {
      throw new IllegalArgumentException("anthropic-version: header is required");
    }
    JsonNode root = json(recorded);
    if (!root.path("max_tokens").canConvertToInt()) throw new IllegalArgumentException("max_tokens: Field required");
    b.maxOutputTokens(root.get("max_tokens").asInt());
    if (root.hasNonNull("model")) b.model(root.get("model").asText());
    b.stream(root.path("stream").asBoolean(false));
    JsonNode system = root.path("system");
    if (system.isTextual()) b.addSystem(system.asText());
    for (JsonNode block : system) b.addSystem(block.path("text").asText());
    for (JsonNode m : root.path("messages")) message(b, m);
    for (JsonNode t : root.path("tools")) b.toolName(t.path("name").asText());
    if (root.path("temperature").isNumber()) b.temperature(root.get("temperature").asDouble());
    JsonNode format = root.path("output_config").path("format");
    if (format.isMissingNode()) format = root.path("output_format"); // the older beta field
    if ("json_schema".equals(format.path("type").asText())) {
      b.responseFormat(ResponseFormat.Type.JSON_SCHEMA, null, format.has("schema") ? AnthropicWire.write(format.get("schema")) : null);
    }
    return b.build();
  }

  private static JsonNode json(RecordedRequest recorded) {
    String body = recorded.getBody() == null ? "" : recorded.getBody().utf8();
    try {
      JsonNode root = AnthropicWire.JSON.readTree(body);
      if (root == null || !root.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A user turn becomes its tool results (in order) then its own text and images; an assistant turn its text and tool calls. */
  private static void message(FakeRequest.Builder b, JsonNode m) {
    String role = m.path("role").asText();
    JsonNode content = m.path("content");
    if (!role.equals("user") && !role.equals("assistant")) throw new IllegalArgumentException("unknown message role: " + role);
    if (content.isTextual()) {
      b.message(new FakeRequest.Message(role.equals("user") ? FakeRequest.Role.USER : FakeRequest.Role.ASSISTANT,
          content.asText(), 0, List.of(), ""));
      return;
    }
    StringBuilder text = new StringBuilder();
    int images = 0;
    List<ToolCall> calls = new ArrayList<>();
    boolean other = false;
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text":
          text.append(block.path("text").asText());
          other = true;
          break;
        case "image":
          images++;
          other = true;
          break;
        case "tool_use":
          calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(), AnthropicWire.write(block.path("input"))));
          break;
        case "tool_result":
          b.message(new FakeRequest.Message(FakeRequest.Role.TOOL, toolResultText(block.path("content")), 0, List.of(),
              block.path("tool_use_id").asText()));
          break;
        default:
          break; // thinking, documents, ...
      }
    }
    if (role.equals("assistant")) {
      b.message(new FakeRequest.Message(FakeRequest.Role.ASSISTANT, text.toString(), 0, calls, ""));
    } else if (other) {
      b.message(new FakeRequest.Message(FakeRequest.Role.USER, text.toString(), images, List.of(), ""));
    }
  }

  private static String toolResultText(JsonNode content) {
    if (content.isTextual()) return content.asText();
    StringBuilder s = new StringBuilder();
    for (JsonNode part : content) if ("text".equals(part.path("type").asText())) s.append(part.path("text").asText());
    return s.toString();
  }

  @Override
  protected WireResponse renderReply(FakeResponse reply, FakeRequest request) {
    return WireResponse.json(200, AnthropicWire.message(reply, request));
  }

  @Override
  protected List<WireFrame> renderStream(FakeResponse reply, FakeRequest request) {
    return AnthropicWire.events(reply, request);
  }

  @Override
  protected WireFrame renderStreamError(Failure failure, FakeRequest request) {
    String[] e = AnthropicWire.error(failure, model(request));
    return WireFrame.control("event: error\ndata: " + AnthropicWire.errorBody(e[0], e[1], null) + "\n\n");
  }

  @Override
  protected WireResponse renderFailure(FakeResponse failure, FakeRequest request) {
    Failure f = failure.failure().orElseThrow();
    String[] e = AnthropicWire.error(f, model(request));
    String body = AnthropicWire.errorBody(e[0], failure.message().orElse(e[1]), requestId(failure, request.number()));
    WireResponse wire = WireResponse.json(status(f), body);
    boolean retryable = f == Failure.RATE_LIMITED || f == Failure.OVERLOADED || f == Failure.SERVER_ERROR || f == Failure.TIMEOUT;
    wire = wire.withHeader("x-should-retry", String.valueOf(retryable));
    Duration retryAfter = failure.retryAfter().orElse(f == Failure.RATE_LIMITED ? Duration.ofSeconds(1) : null);
    if (f == Failure.RATE_LIMITED) {
      for (Map.Entry<String, String> h : rateLimitHeaders(0, 12000, retryAfter).entrySet()) {
        wire = wire.withHeader(h.getKey(), h.getValue());
      }
    }
    if (retryAfter != null) wire = wire.withHeader("retry-after", String.valueOf((retryAfter.toMillis() + 999) / 1000));
    return wire;
  }

  /** Anthropic has no embeddings API: 404 {@code not_found_error}. */
  @Override
  protected WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request) {
    return WireResponse.json(404, AnthropicWire.errorBody("not_found_error", "Not found", "req_" + request.number()));
  }

  @Override
  protected WireResponse renderMalformed(FakeRequest request) {
    if (request.stream()) {
      return new WireResponse(200, streamContentType(),
          "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake_" + request.number()
              + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
              + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":\n\n",
          Map.of());
    }
    return WireResponse.json(200, "{\"id\":\"msg_fake_" + request.number()
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hel");
  }

  private static String model(FakeRequest request) {
    return request.model().isEmpty() ? AnthropicWire.DEFAULT_MODEL : request.model();
  }

  private static int status(Failure f) {
    switch (f) {
      case RATE_LIMITED:
        return 429;
      case QUOTA_EXHAUSTED:
        return 402;
      case OVERLOADED:
        return 529;
      case AUTHENTICATION:
        return 401;
      case PERMISSION:
        return 403;
      case MODEL_NOT_FOUND:
        return 404;
      case CONTEXT_LENGTH_EXCEEDED:
      case INVALID_REQUEST:
        return 400;
      case TIMEOUT:
        return 408;
      default:
        return 500;
    }
  }
}
