package dev.crossfeed.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;

/**
 * A fake AWS Bedrock Runtime: {@code POST /model/{modelId}/converse} (JSON) and {@code /converse-stream} (the binary
 * event stream, {@code application/vnd.amazon.eventstream}), rendered as bedrock-converse.md describes them. The
 * model id is one percent-encoded path segment ({@code %3A}, {@code %2F} decoded). Stream frames carry the
 * {@code p} padding, text blocks have no start event, control frames are split across HTTP chunks, and the body
 * just ends (no terminator). Errors are {@code {"message"}} with {@code x-amzn-ErrorType}; every answer carries
 * {@code x-amzn-RequestId}.
 *
 * <p>Authentication is checked like the real service: a SigV4 signature must verify against the known test
 * credentials ({@link #TEST_ACCESS_KEY} / {@link #TEST_SECRET_KEY}, region {@code us-east-1}, AWS's published example
 * keys, checked by an independent {@link SigV4Verifier}), or a bearer token must equal {@link #TEST_API_KEY}.
 * Anything else is 403 ({@code InvalidSignatureException} with the server's canonical request,
 * {@code UnrecognizedClientException}, or {@code MissingAuthenticationTokenException}).
 *
 * <pre>{@code
 * try (FakeBedrockServer server = new FakeBedrockServer()) {
 *   server.enqueue(FakeResponse.text("Hi!").usage(9, 2),
 *                  FakeResponse.failure(Failure.RATE_LIMITED),                         // 429 ThrottlingException
 *                  FakeResponse.text("Hello world").errorAfter(1, Failure.RATE_LIMITED)); // throttlingException frame
 *   ChatModel model = BedrockChatModel.builder().baseUrl(server.baseUrl()).region("us-east-1")
 *       .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
 *           FakeBedrockServer.TEST_ACCESS_KEY, FakeBedrockServer.TEST_SECRET_KEY)))
 *       .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0").build();
 * }
 * }</pre>
 *
 * <p>Failure signatures ({@link FakeResponse#failure}): RATE_LIMITED 429 {@code ThrottlingException}; QUOTA_EXHAUSTED
 * 429 {@code ThrottlingException} "Too many tokens per day"; OVERLOADED 503 {@code ServiceUnavailableException};
 * SERVER_ERROR 500 {@code InternalServerException}; TIMEOUT 408 {@code ModelTimeoutException}; AUTHENTICATION 403
 * {@code UnrecognizedClientException}; PERMISSION 403 {@code AccessDeniedException}; MODEL_NOT_FOUND 404
 * {@code ResourceNotFoundException}; CONTEXT_LENGTH_EXCEEDED 400 {@code ValidationException} "prompt is too long";
 * INVALID_REQUEST 400 {@code ValidationException}. Bedrock sends no {@code Retry-After}; a scripted
 * {@link FakeResponse#retryAfter} is sent as one (as a gateway in front might). In-stream errors are
 * {@code exception} frames ({@code throttlingException}, {@code internalServerException}, ...). Content filtering is
 * a 200 with {@code stopReason: content_filtered}.
 *
 * <p>Thread-safe.
 */
public class FakeBedrockServer extends FakeProviderServer {
  /** AWS's published example access key id, the one this fake verifies signatures with. */
  public static final String TEST_ACCESS_KEY = "AKIDEXAMPLE";
  /** AWS's published example secret key (not a secret). */
  public static final String TEST_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  /** The region signatures are verified for. */
  public static final String TEST_REGION = "us-east-1";
  /** The Bedrock API key (bearer) this fake accepts. */
  public static final String TEST_API_KEY = "bedrock-api-key-fake-test";

  private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream|count-tokens)");
  private static final Set<Failure> FAILURES = EnumSet.of(
      Failure.RATE_LIMITED, Failure.QUOTA_EXHAUSTED, Failure.OVERLOADED, Failure.SERVER_ERROR, Failure.TIMEOUT,
      Failure.AUTHENTICATION, Failure.PERMISSION, Failure.MODEL_NOT_FOUND, Failure.CONTEXT_LENGTH_EXCEEDED,
      Failure.INVALID_REQUEST);

  private final SigV4Verifier verifier;
  private final String apiKey;

  /** A fake verifying SigV4 with the test credentials and accepting {@link #TEST_API_KEY} as a bearer key. */
  public FakeBedrockServer() {
    this(new SigV4Verifier(TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_REGION, "bedrock"), TEST_API_KEY);
  }

  /**
   * A fake verifying SigV4 with {@code verifier} and accepting {@code apiKey} as a bearer key.
   *
   * @param verifier checks each request's SigV4 signature
   * @param apiKey the bearer key accepted instead of a signature
   */
  public FakeBedrockServer(SigV4Verifier verifier, String apiKey) {
    this.verifier = Objects.requireNonNull(verifier, "verifier == null");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
  }

  /** {@code http://127.0.0.1:PORT}: the endpoint {@code /model/...} is joined to. */
  @Override
  public String baseUrl() {
    return baseUrlAt("/");
  }

  @Override
  protected Optional<String> requestIdHeader() {
    return Optional.of("x-amzn-RequestId");
  }

  @Override
  protected Set<Failure> providerFailures() {
    return FAILURES;
  }

  @Override
  protected String streamContentType() {
    return "application/vnd.amazon.eventstream";
  }

  /** Frames hold their bytes one per char (ISO-8859-1), so binary event-stream frames pass through unchanged. */
  @Override
  protected byte[] frameBytes(WireFrame frame) {
    return frame.data().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  protected FakeRequest parse(int number, RecordedRequest recorded) {
    FakeRequest.Builder b = FakeRequest.builder(number, recorded);
    Matcher m = PATH.matcher(recorded.getUrl().encodedPath());
    boolean chat = m.matches() && !m.group(2).equals("count-tokens");
    b.endpoint(chat ? FakeRequest.Endpoint.CHAT : FakeRequest.Endpoint.OTHER);
    if (!chat) return b.build();
    b.model(URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
    b.stream(m.group(2).equals("converse-stream"));
    JsonNode root = json(recorded);
    if (!root.path("messages").isArray()) throw new IllegalArgumentException("messages: Field required");
    for (JsonNode s : root.path("system")) if (s.has("text")) b.addSystem(s.path("text").asText());
    for (JsonNode msg : root.path("messages")) message(b, msg);
    for (JsonNode t : root.path("toolConfig").path("tools")) {
      if (t.has("toolSpec")) b.toolName(t.path("toolSpec").path("name").asText());
    }
    JsonNode inference = root.path("inferenceConfig");
    if (inference.path("maxTokens").canConvertToInt()) b.maxOutputTokens(inference.get("maxTokens").asInt());
    if (inference.path("temperature").isNumber()) b.temperature(inference.get("temperature").asDouble());
    JsonNode format = root.path("outputConfig").path("textFormat");
    if ("json_schema".equals(format.path("type").asText())) {
      JsonNode schema = format.path("structure").path("jsonSchema");
      b.responseFormat(ResponseFormat.Type.JSON_SCHEMA, schema.path("name").asText(null), schema.path("schema").asText(null));
    }
    return b.build();
  }

  @Override
  protected Optional<WireResponse> refuse(FakeRequest request) {
    if (request.endpoint() != FakeRequest.Endpoint.CHAT) return Optional.empty();
    String auth = request.header("authorization").orElse("");
    if (auth.isEmpty()) return Optional.of(forbidden("MissingAuthenticationTokenException", "Missing Authentication Token", request));
    if (auth.startsWith("Bearer ")) {
      return auth.substring(7).equals(apiKey)
          ? Optional.empty()
          : Optional.of(forbidden("UnrecognizedClientException", "Invalid API Key format: Must start with pre-defined prefix", request));
    }
    RecordedRequest r = request.recorded();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : r.getHeaders().names()) headers.put(name, r.getHeaders().get(name));
    byte[] body = r.getBody() == null ? new byte[0] : r.getBody().toByteArray();
    String query = r.getUrl().encodedQuery();
    Optional<String> problem = verifier.verify(r.getMethod(), r.getUrl().encodedPath(), query == null ? "" : query, headers, body);
    return problem.map(p -> forbidden("InvalidSignatureException", p, request));
  }

  private WireResponse forbidden(String code, String message, FakeRequest request) {
    return WireResponse.json(403, BedrockWire.message(message))
        .withHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.coral.service/")
        .withHeader("x-amzn-RequestId", "req_" + request.number());
  }

  private static JsonNode json(RecordedRequest recorded) {
    String body = recorded.getBody() == null ? "" : recorded.getBody().utf8();
    try {
      JsonNode root = BedrockWire.JSON.readTree(body);
      if (root == null || !root.isObject()) throw new IllegalArgumentException("request body is not a JSON object");
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A user turn becomes its tool results (in order) then its own text and images; an assistant turn its text and tool calls. */
  private static void message(FakeRequest.Builder b, JsonNode m) {
    String role = m.path("role").asText();
    if (!role.equals("user") && !role.equals("assistant")) throw new IllegalArgumentException("unknown message role: " + role);
    JsonNode content = m.path("content");
    if (!content.isArray()) throw new IllegalArgumentException("message content must be an array");
    StringBuilder text = new StringBuilder();
    int images = 0;
    List<ToolCall> calls = new ArrayList<>();
    boolean other = false;
    for (JsonNode block : content) {
      if (block.has("text")) {
        text.append(block.get("text").asText());
        other = true;
      } else if (block.has("image")) {
        images++;
        other = true;
      } else if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        calls.add(new ToolCall(use.path("toolUseId").asText(), use.path("name").asText(), BedrockWire.write(use.path("input"))));
      } else if (block.has("toolResult")) {
        JsonNode result = block.get("toolResult");
        StringBuilder s = new StringBuilder();
        for (JsonNode part : result.path("content")) {
          if (part.has("text")) s.append(part.get("text").asText());
          else if (part.has("json")) s.append(BedrockWire.write(part.get("json")));
        }
        b.message(new FakeRequest.Message(FakeRequest.Role.TOOL, s.toString(), 0, List.of(), result.path("toolUseId").asText()));
      }
    }
    if (role.equals("assistant")) {
      b.message(new FakeRequest.Message(FakeRequest.Role.ASSISTANT, text.toString(), 0, calls, ""));
    } else if (other) {
      b.message(new FakeRequest.Message(FakeRequest.Role.USER, text.toString(), images, List.of(), ""));
    }
  }

  @Override
  protected WireResponse renderReply(FakeResponse reply, FakeRequest request) {
    return WireResponse.json(200, BedrockWire.converse(reply));
  }

  @Override
  protected List<WireFrame> renderStream(FakeResponse reply, FakeRequest request) {
    return BedrockWire.stream(reply);
  }

  @Override
  protected WireFrame renderStreamError(Failure failure, FakeRequest request) {
    return BedrockWire.exception(failure);
  }

  @Override
  protected WireResponse renderFailure(FakeResponse failure, FakeRequest request) {
    Failure f = failure.failure().orElseThrow();
    String[] e = BedrockWire.error(f);
    WireResponse wire = WireResponse.json(BedrockWire.status(f), BedrockWire.message(failure.message().orElse(e[1])))
        .withHeader("x-amzn-ErrorType", e[0] + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    Optional<Duration> retry = failure.retryAfter();
    if (retry.isPresent()) wire = wire.withHeader("Retry-After", String.valueOf((retry.get().toMillis() + 999) / 1000));
    return wire;
  }

  /** Bedrock's embeddings go through InvokeModel, which this fake does not serve: 404. */
  @Override
  protected WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request) {
    return WireResponse.json(404, BedrockWire.message("Not found"))
        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.bedrock/");
  }

  /** Truncated JSON, or for a stream bytes that are not an event-stream message (a bad prelude CRC). */
  @Override
  protected WireResponse renderMalformed(FakeRequest request) {
    if (request.stream()) return new WireResponse(200, streamContentType(), "{\"message\":\"not an event stream\"}", Map.of());
    return WireResponse.json(200, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hel");
  }
}
