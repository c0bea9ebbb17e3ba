package dev.crossfeed.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.HttpClients;
import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.http.HttpModelSettings;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import dev.crossfeed.http.ResponseMeta;
import dev.crossfeed.spi.RequestSigner;
import dev.crossfeed.spi.SignableRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A model on AWS Bedrock Runtime through the Converse API ({@code POST /model/{modelId}/converse}) and ConverseStream
 * ({@code /converse-stream}, AWS's binary event stream, decoded incrementally with both CRCs checked). Works for every
 * model Converse serves (Claude, Nova, Llama, Mistral, gpt-oss, ...), by base id, cross-Region inference profile
 * ({@code us.anthropic.claude-sonnet-4-5-20250929-v1:0}) or ARN.
 *
 * <pre>{@code
 * ChatModel claude = BedrockChatModel.builder()
 *     .region("us-east-1")                                   // or AWS_REGION
 *     .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
 *     .build();                                              // SigV4 with the standard AWS credential chain
 * String answer = claude.chat("Say hi").text();
 * }</pre>
 *
 * <p>Authentication, one of: a Bedrock API key ({@link Builder#apiKey}, sent as a bearer token); an
 * {@link AwsCredentialsProvider} or a named profile ({@link Builder#credentials}, {@link Builder#profile}); any
 * {@link RequestSigner} ({@link Builder#signer}); else, like the AWS SDKs, the key in
 * {@code AWS_BEARER_TOKEN_BEDROCK} if set, else SigV4 with the SDK's default chain (environment, system properties,
 * web identity, profile files, container and instance metadata). Every attempt is signed when it is prepared, so a
 * call a router retries or hedges carries a fresh signature. Credentials that cannot be obtained fail the call with
 * {@link Failure#AUTHENTICATION}. No credential, token or signature appears in a message, log line or
 * {@code toString()}.
 *
 * <p>Mapping and errors: see {@code BedrockRequestWriter}, {@code BedrockDecoder} and {@code BedrockFailureClassifier}
 * in this package (system blocks, alternating turns, images as bytes or {@code s3://}, tools, JSON schema via
 * {@code outputConfig}, extra fields deep-merged; throttling RATE_LIMITED, ServiceUnavailable/ModelNotReady OVERLOADED,
 * context wording CONTEXT_LENGTH_EXCEEDED, in-stream exceptions classified alike). The request id is
 * {@code x-amzn-RequestId}. Reasoning text is returned as {@link ChatResponse#reasoning()}; its signature is not (the
 * core API has no place for it yet).
 *
 * <p>Thread-safe; one HTTP attempt per call, never retried. {@link #close()} cancels calls in flight and closes a
 * credentials provider this model created (the default chain), never one passed in. Built objects are immutable; builders are not thread-safe.
 */
public final class BedrockChatModel implements ChatModel {
  /** Provider id. */
  public static final String PROVIDER = BedrockIds.PROVIDER;
  /** The environment variable with a Bedrock API key, read when no credentials are configured (as the AWS SDKs do). */
  public static final String API_KEY_ENV = "AWS_BEARER_TOKEN_BEDROCK";

  static final Set<Capability> CAPABILITIES =
      EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING, Capability.REASONING);
  private static final MediaType JSON = MediaType.get("application/json");

  private final String model;
  private final String region;
  private final Duration timeout;
  private final HttpUrl baseUrl;
  private final Map<String, String> headers;
  private final ModelInfo infoOverride;
  private final ModelInfo info;
  private final HttpExchange http;
  private final RequestSigner signer;
  private final SdkAutoCloseable owned;
  private final BedrockRequestWriter writer = new BedrockRequestWriter();

  private BedrockChatModel(Builder b, HttpModelSettings s, String region, RequestSigner signer, SdkAutoCloseable owned, ApiKey scrub) {
    this.model = s.model().orElseThrow(() -> new IllegalStateException("BedrockChatModel: model is required"));
    this.region = region;
    this.timeout = s.timeout();
    this.baseUrl = s.checkedBaseUrl(BedrockIds.endpoint(region));
    this.headers = Map.copyOf(s.headers());
    this.infoOverride = s.modelInfo().orElse(null);
    this.info = info(model, infoOverride);
    OkHttpClient client = s.client().orElseGet(HttpClients::shared).newBuilder().addInterceptor(BedrockErrorCodes.INSTANCE).build();
    this.http = HttpExchange.builder(PROVIDER).client(client).apiKey(scrub).clock(s.clock())
        .classifier(BedrockFailureClassifier.INSTANCE).requestIdHeaders("x-amzn-RequestId", "x-amz-request-id")
        .maxBodyBytes(b.maxBodyBytes).build();
    this.signer = signer;
    this.owned = owned;
  }

  /** A builder; {@link Builder#model} and a region are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Prepared p = prepare(request, false);
    return http.execute(p.request, p.model, p.timeout, (body, meta) -> parse(body, meta, p));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Prepared p;
    try {
      p = prepare(request, false);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.executeAsync(p.request, p.model, p.timeout, (body, meta) -> parse(body, meta, p));
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    Prepared p = prepare(request, true);
    OpenResponse open = http.open(p.request, p.model, p.timeout);
    return new BedrockStream(http, p.model, open, new BedrockDecoder(p.model), p.info);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /**
   * Cancels this model's calls in flight and refuses new ones (they fail {@link Failure#CANCELLED}), and closes the
   * credentials provider this model created (the SDK's default chain or a profile), never one passed in. The HTTP
   * client is left open. Idempotent.
   */
  @Override
  public void close() {
    http.close();
    if (owned != null) owned.close();
  }

  private ChatResponse parse(byte[] body, ResponseMeta meta, Prepared p) throws IOException {
    JsonNode root = Json.readTree(body);
    if (root == null || !root.isObject()) throw http.invalidResponse(p.model, "response body is not a JSON object", null, meta);
    BedrockDecoder decoder = new BedrockDecoder(p.model);
    List<StreamEvent> events = new ArrayList<>();
    try {
      decoder.converse(root, events);
    } catch (IllegalArgumentException e) {
      throw http.invalidResponse(p.model, e.getMessage(), e, meta);
    }
    StreamAccumulator acc = new StreamAccumulator();
    events.forEach(acc::accept);
    return decoder.response(acc, meta, p.info);
  }

  private Prepared prepare(ChatRequest request, boolean stream) {
    String m = model;
    if (request.model().isPresent()) {
      try {
        m = BedrockIds.checkModel(request.model().get());
      } catch (IllegalArgumentException e) {
        throw BedrockRequestWriter.invalid(request.model().get().strip(), e.getMessage());
      }
    }
    byte[] body = writer.write(request, m);
    HttpUrl url = url(m, stream);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    if (stream) h.put("Accept", "application/vnd.amazon.eventstream");
    h.putAll(headers);
    Request.Builder r = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    h.forEach(r::header);
    sign(m, url, h, body).forEach(r::header);
    ModelInfo callInfo = m.equals(model) ? info : info(m, null);
    return new Prepared(m, r.build(), request.timeout().orElse(timeout), callInfo);
  }

  /** {@code <base>/model/<id as one encoded segment>/converse[-stream]}. */
  HttpUrl url(String m, boolean stream) {
    HttpUrl.Builder u = baseUrl.newBuilder();
    int n = baseUrl.pathSize();
    if (n > 0 && baseUrl.pathSegments().get(n - 1).isEmpty()) u.removePathSegment(n - 1);
    return u.addPathSegment("model").addEncodedPathSegment(BedrockIds.pathSegment(m))
        .addPathSegment(stream ? "converse-stream" : "converse").build();
  }

  private Map<String, String> sign(String m, HttpUrl url, Map<String, String> h, byte[] body) {
    Map<String, String> auth;
    try {
      auth = signer.sign(new SignableRequest("POST", URI.create(url.toString()), h, body));
    } catch (ChatModelException e) {
      throw e.toBuilder().provider(PROVIDER).model(m).build();
    } catch (RuntimeException e) {
      throw ChatModelException.builder(Failure.AUTHENTICATION).provider(PROVIDER).model(m)
          .detail("the request signer failed (" + e.getClass().getSimpleName() + ")").build();
    }
    if (auth == null || auth.isEmpty()) {
      throw ChatModelException.builder(Failure.AUTHENTICATION).provider(PROVIDER).model(m)
          .detail("the request signer returned no headers").build();
    }
    return auth;
  }

  private static ModelInfo info(String id, ModelInfo override) {
    ModelInfo defaults = ModelInfo.builder(PROVIDER, id).capabilities(CAPABILITIES).build();
    ModelInfo resolved = ModelCatalog.bundled().resolve(defaults);
    return override == null ? resolved : resolved.overriddenBy(override);
  }

  private static final class Prepared {
    final String model;
    final Request request;
    final Duration timeout;
    final ModelInfo info;

    Prepared(String model, Request request, Duration timeout, ModelInfo info) {
      this.model = model;
      this.request = request;
      this.timeout = timeout;
      this.info = info;
    }
  }

  /** Model, region, base URL and how requests are signed (a class name); never a credential. */
  @Override
  public String toString() {
    return "BedrockChatModel{model=" + model + ", region=" + region + ", baseUrl=" + baseUrl + ", signer=" + signer + '}';
  }

  /**
   * Builds a {@link BedrockChatModel}. Required: {@link #model} and a region ({@link #region}, else
   * {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}). The base URL defaults to
   * {@code https://bedrock-runtime.<region>.amazonaws.com} (set it for a VPC endpoint, FIPS or a test fake; the
   * region still scopes the signature). The common settings are described on {@link HttpModelBuilder};
   * {@link #apiKey} is a Bedrock API key. At most one of {@link #apiKey}, {@link #credentials}, {@link #profile} and
   * {@link #signer}. Not thread-safe.
   */
  public static final class Builder extends HttpModelBuilder<Builder> {
    private String region;
    private AwsCredentialsProvider credentials;
    private String profile;
    private RequestSigner signer;
    private long maxBodyBytes = HttpExchange.DEFAULT_MAX_BODY;
    private Function<String, String> env = System::getenv;

    private Builder() {
      super(null);
    }

    /**
     * The AWS region, e.g. {@code us-east-1}: the endpoint's and the signature's.
     *
     * @throws NullPointerException for null
     * @throws IllegalArgumentException for something that is not a region name
     */
    public Builder region(String region) {
      this.region = BedrockIds.checkRegion(Objects.requireNonNull(region, "region == null"));
      return this;
    }

    /**
     * SigV4 with these AWS credentials (e.g. {@code StaticCredentialsProvider},
     * {@code DefaultCredentialsProvider.builder().build()}, an STS assume-role provider); resolved on every attempt,
     * so the provider's caching and refresh apply. The model does not close it.
     *
     * @throws NullPointerException for null
     */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials == null");
      return this;
    }

    /**
     * SigV4 with the credentials of this named profile in the shared AWS config and credentials files.
     *
     * @throws NullPointerException for null
     * @throws IllegalArgumentException for a blank name
     */
    public Builder profile(String profile) {
      Objects.requireNonNull(profile, "profile == null");
      if (profile.isBlank()) throw new IllegalArgumentException("profile is blank");
      this.profile = profile.strip();
      return this;
    }

    /**
     * Any signer, called for every attempt (a custom credential source, a test fake).
     *
     * @throws NullPointerException for null
     */
    public Builder signer(RequestSigner signer) {
      this.signer = Objects.requireNonNull(signer, "signer == null");
      return this;
    }

    @Override
    protected String checkModel(String id) {
      return BedrockIds.checkModel(id);
    }

    /** Refuses the headers signing owns: {@code Authorization}, {@code Host} and {@code X-Amz-*}. */
    @Override
    protected String checkHeaderName(String name) {
      String n = super.checkHeaderName(name);
      String lower = n.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization") || lower.equals("host") || lower.startsWith("x-amz-")) {
        throw new IllegalArgumentException("header " + n + " is set by request signing; configure credentials instead");
      }
      return n;
    }

    /** Cap on a non-streamed body (for tests). */
    Builder maxBodyBytes(long max) {
      this.maxBodyBytes = max;
      return this;
    }

    /** Where environment variables are read (for tests). */
    Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env == null");
      return this;
    }

    /**
     * @throws IllegalStateException if the model or region is missing, or more than one way to authenticate is set
     * @throws IllegalArgumentException if the base URL is invalid or plain http to a non-loopback host
     */
    public BedrockChatModel build() {
      HttpModelSettings s = settings();
      if (s.model().isEmpty()) throw required("BedrockChatModel", "model", "e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0");
      String r = region != null ? region : regionFromEnv();
      int ways = (s.apiKey().isPresent() ? 1 : 0) + (credentials != null ? 1 : 0) + (profile != null ? 1 : 0) + (signer != null ? 1 : 0);
      if (ways > 1) throw new IllegalStateException("BedrockChatModel: set only one of apiKey, credentials, profile and signer");
      SdkAutoCloseable owned = null;
      ApiKey scrub = s.apiKey().orElse(null); // scrubbed from any provider message surfaced
      RequestSigner sign;
      if (signer != null) {
        sign = signer;
      } else if (s.apiKey().isPresent()) {
        sign = RequestSigner.bearer(s.apiKey().get());
      } else if (credentials != null) {
        sign = new SigV4Signer(credentials, r, s.clock());
      } else if (profile != null) {
        ProfileCredentialsProvider p = ProfileCredentialsProvider.builder().profileName(profile).build();
        owned = p;
        sign = new SigV4Signer(p, r, s.clock());
      } else {
        String key = env.apply(API_KEY_ENV);
        if (key != null && !key.isBlank()) {
          ApiKey k = ApiKey.of(key);
          sign = RequestSigner.bearer(k);
          scrub = k;
        } else {
          DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
          owned = chain;
          sign = new SigV4Signer(chain, r, s.clock());
        }
      }
      return new BedrockChatModel(this, s, r, sign, owned, scrub);
    }

    private String regionFromEnv() {
      for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
        String v = env.apply(name);
        if (v != null && !v.isBlank()) {
          try {
            return BedrockIds.checkRegion(v);
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException("BedrockChatModel: " + name + " is " + e.getMessage());
          }
        }
      }
      throw required("BedrockChatModel", "region", "region(...), AWS_REGION or AWS_DEFAULT_REGION");
    }
  }
}
