package dev.crossfeed.http;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs exactly one HTTP attempt for a provider and turns every outcome into either a value or a classified
 * {@link ChatModelException}: error statuses (with the error body, retry hint, rate-limit headers and request
 * id), I/O failures (timeout, refused, reset, TLS), oversized or unparseable bodies, and cancellation. One per
 * model, thread-safe; it shares the {@link OkHttpClient} it is given.
 *
 * <pre>{@code
 * HttpExchange http = HttpExchange.builder("openai").client(HttpClients.shared()).apiKey(key)
 *     .requestIdHeaders("x-request-id").build();
 * ChatResponse r = http.execute(request, "gpt-4o-mini", Duration.ofSeconds(60), (body, meta) -> parse(body, meta));
 * }</pre>
 */
public final class HttpExchange {
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

  /** Default cap on a response body: 32 MiB. */
  public static final long DEFAULT_MAX_BODY = 32L << 20;
  /** Cap on an error body we read for classification: 64 KiB. */
  public static final long MAX_ERROR_BODY = 64L << 10;

  private final String provider;
  private final OkHttpClient client;
  private final ApiKey apiKey;
  private final List<String> requestIdHeaders;
  private final FailureClassifier classifier;
  private final long maxBodyBytes;
  private final Clock clock;
  /** Calls started and not yet finished, so {@link #close()} can cancel them. */
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpExchange(Builder b) {
    provider = b.provider;
    client = HttpClients.forProviders(b.client != null ? b.client : HttpClients.shared());
    apiKey = b.apiKey;
    requestIdHeaders = b.requestIdHeaders;
    classifier = b.classifier;
    maxBodyBytes = b.maxBodyBytes;
    clock = b.clock;
  }

  /**
   * Starts the exchange of one provider.
   *
   * @param provider the provider id, named in every classified failure
   * @return a new builder
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** {@return the provider id} */
  public String provider() {
    return provider;
  }

  /** {@return the client calls go through (redirects and connection retries off)} */
  public OkHttpClient client() {
    return client;
  }

  /** {@return the clock Retry-After dates and rate-limit resets are read with} */
  public Clock clock() {
    return clock;
  }

  /** The cap on a response body, and on the answer a stream delivers. */
  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * One blocking call. A 2xx body (capped) goes to {@code handler}; anything else is thrown classified.
   *
   * @param <T> what the handler makes of the body
   * @param request the request
   * @param model the model id, for classified failures
   * @param handler reads a 2xx body
   * @param timeout bound on the whole call, or null for none
   * @return what the handler returned
   */
  public <T> T execute(Request request, String model, Duration timeout, BodyHandler<T> handler) {
    Call call = newCall(request, model, timeout);
    try (Response response = call.execute()) {
      return handle(call, response, model, handler);
    } catch (IOException e) {
      throw ioFailure(e, model, call, false);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw undeclared(e, model);
    } finally {
      done(call);
    }
  }

  /**
   * One non-blocking call; cancelling the future cancels the HTTP call. The future fails with a classified
   * {@link ChatModelException}.
   *
   * @param <T> what the handler makes of the body
   * @param request the request
   * @param model the model id, for classified failures
   * @param timeout the whole-call bound
   * @param handler reads a 2xx body
   * @return the future of what the handler returned
   */
  public <T> CompletableFuture<T> executeAsync(Request request, String model, Duration timeout, BodyHandler<T> handler) {
    Call call;
    try {
      call = newCall(request, model, timeout);
    } catch (ChatModelException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    future.whenComplete((v, e) -> {
      done(call);
      if (future.isCancelled()) call.cancel();
    });
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            future.completeExceptionally(ioFailure(e, model, c, future.isCancelled()));
          }

          @Override
          public void onResponse(Call c, Response response) {
            try (response) {
              future.complete(handle(c, response, model, handler));
            } catch (ChatModelException e) {
              future.completeExceptionally(e);
            } catch (IOException e) {
              future.completeExceptionally(ioFailure(e, model, c, future.isCancelled()));
            } catch (RuntimeException e) {
              future.completeExceptionally(invalidResponse(model, "unreadable response", e, ResponseMeta.NONE));
            }
          }
        });
    return future;
  }

  /**
   * Starts a streaming call and returns once a 2xx status and headers arrived; the caller reads and closes the
   * body. Error statuses are thrown classified, their bodies closed.
   *
   * @param request the request
   * @param model the model id, for classified failures
   * @param timeout the whole-call bound, the body's reading included
   * @return the open 2xx response, to read and close
   */
  public OpenResponse open(Request request, String model, Duration timeout) {
    Call call = newCall(request, model, timeout);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      done(call);
      throw ioFailure(e, model, call, false);
    } catch (RuntimeException e) {
      done(call);
      throw e;
    } catch (Exception e) {
      done(call);
      throw undeclared(e, model);
    }
    ResponseMeta meta = meta(response);
    if (!response.isSuccessful()) {
      done(call);
      try (response) {
        throw errorResponse(response, meta, model);
      }
    }
    return new OpenResponse(call, response, meta, () -> done(call));
  }

  /**
   * Cancels this exchange's calls in flight (their callers get {@link Failure#CANCELLED}) and refuses new ones. The
   * client is not touched: it is shared, and may be the caller's. Idempotent.
   */
  public void close() {
    closed = true;
    for (Call c : inFlight) c.cancel();
  }

  private Call newCall(Request request, String model, Duration timeout) {
    if (closed) throw closedError(model);
    Call call = client.newCall(request);
    inFlight.add(call);
    ConnectionGuard.track(call, clock);
    if (closed) { // close() ran between the check and the add: it may have missed this call
      done(call);
      throw closedError(model);
    }
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
      // nanoseconds: in milliseconds a timeout under 1 ms became 0, which OkHttp reads as "no timeout"
      call.timeout().timeout(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  /** A call ended: forget it here and in the connection guard. */
  private void done(Call call) {
    inFlight.remove(call);
    ConnectionGuard.untrack(call);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private ChatModelException closedError(String model) {
    return ChatModelException.builder(Failure.CANCELLED).provider(provider).model(model)
        .detail("the model was closed").build();
  }

  private <T> T handle(Call call, Response response, String model, BodyHandler<T> handler) throws IOException {
    ResponseMeta meta = meta(response);
    if (!response.isSuccessful()) throw errorResponse(response, meta, model);
    byte[] body;
    try {
      body = readCapped(response.body(), maxBodyBytes, model, meta);
    } catch (ChatModelException | IOException e) {
      ConnectionGuard.discard(call); // a cut, oversized or undecodable body: the connection cannot be trusted
      throw e;
    }
    try {
      return handler.handle(body, meta);
    } catch (ChatModelException e) {
      ConnectionGuard.discard(call); // an unusable 2xx body: what follows it on the connection cannot be trusted
      throw e;
    } catch (IOException | RuntimeException e) {
      ConnectionGuard.discard(call);
      throw invalidResponse(model, "unparseable response body (" + e.getClass().getSimpleName() + ")", e, meta);
    }
  }

  /**
   * What the headers of {@code response} say.
   *
   * @param response the response
   * @return its status, request id, rate limits and retry hint
   */
  public ResponseMeta meta(Response response) {
    String id = "";
    for (String h : requestIdHeaders) {
      String v = response.header(h);
      if (v != null && !v.isBlank()) {
        id = v.strip();
        break;
      }
    }
    if (apiKey != null) id = apiKey.scrub(id); // a proxy that reflects request headers back
    return new ResponseMeta(
        response.code(),
        id,
        RateLimitHeaders.parse(response.headers(), clock),
        RetryAfter.fromHeaders(response.headers(), clock));
  }

  private byte[] readCapped(ResponseBody body, long max, String model, ResponseMeta meta) throws IOException {
    if (body.contentLength() > max) {
      throw invalidResponse(model, "response body of " + body.contentLength() + " bytes exceeds the " + max + "-byte cap", null, meta);
    }
    BufferedSource source = body.source();
    if (source.request(max + 1)) {
      throw invalidResponse(model, "response body exceeds the " + max + "-byte cap", null, meta);
    }
    return source.readByteArray();
  }

  private ChatModelException errorResponse(Response response, ResponseMeta meta, String model) {
    byte[] body;
    try {
      BufferedSource source = response.body().source();
      source.request(MAX_ERROR_BODY);
      long n = Math.min(source.getBuffer().size(), MAX_ERROR_BODY);
      body = source.getBuffer().readByteArray(n);
    } catch (IOException e) {
      body = new byte[0];
    }
    return error(response.code(), ErrorBodies.parse(body), meta, model);
  }

  /**
   * A classified exception for an error status or an error event ({@code status} 0) with the given body info.
   *
   * @param status the HTTP status
   * @param info what the error body said
   * @param meta the response's metadata
   * @param model the model id
   * @return the classified exception
   */
  public ChatModelException error(int status, ErrorInfo info, ResponseMeta meta, String model) {
    Failure failure = classifier.classify(status, info);
    Optional<Duration> retry = info.retryDelay().isPresent() ? info.retryDelay() : meta.retryAfter();
    if (failure != Failure.RATE_LIMITED && failure != Failure.OVERLOADED && failure != Failure.SERVER_ERROR
        && failure != Failure.TIMEOUT) {
      retry = Optional.empty();
    }
    if (info.message().toLowerCase(Locale.ROOT).startsWith("request too large")) {
      retry = Optional.empty(); // larger than the per-minute limit: waiting cannot help
    }
    String message = info.message().isEmpty() && status > 0 ? "HTTP " + status : info.message();
    if (apiKey != null) message = apiKey.scrub(message);
    String requestId = !meta.requestId().isEmpty() ? meta.requestId() : info.requestId();
    if (apiKey != null) requestId = apiKey.scrub(requestId);
    log.debug("{} {} failed: {} (status {}, request {})", provider, model, failure, status, requestId);
    return ChatModelException.builder(failure)
        .provider(provider)
        .model(model)
        .status(status)
        .requestId(requestId)
        .retryAfter(retry.orElse(null))
        .rateLimits(meta.rateLimits())
        .providerMessage(message)
        .build();
  }

  /**
   * An exception for a 2xx response we cannot use: malformed, oversized, or missing required parts.
   *
   * @param model the model id
   * @param detail what was wrong with the body
   * @param cause the parser's exception, or null
   * @param meta the response's metadata
   * @return the exception
   */
  public ChatModelException invalidResponse(String model, String detail, Throwable cause, ResponseMeta meta) {
    return ChatModelException.builder(Failure.INVALID_RESPONSE)
        .provider(provider)
        .model(model)
        .status(meta.status())
        .requestId(meta.requestId())
        .rateLimits(meta.rateLimits())
        .detail(apiKey != null ? apiKey.scrub(detail) : detail)
        .cause(redacted(cause))
        .build();
  }

  /**
   * {@code cause} unchanged, or, if a message in its chain contains the key (a parser quoting what a server
   * reflected), a copy of the chain with the key scrubbed from every message.
   */
  Throwable redacted(Throwable cause) {
    if (cause == null || apiKey == null || !carriesKey(cause, 0)) return cause;
    return redact(cause, 0);
  }

  private boolean carriesKey(Throwable t, int depth) {
    if (t == null || depth > 16) return false;
    return apiKey.isContainedIn(String.valueOf(t.getMessage())) || carriesKey(t.getCause(), depth + 1);
  }

  private Throwable redact(Throwable t, int depth) {
    if (t == null || depth > 16) return null;
    String message = t.getClass().getName() + ": " + apiKey.scrub(String.valueOf(t.getMessage()));
    return new RedactedCause(message, t.getStackTrace(), redact(t.getCause(), depth + 1));
  }

  /**
   * Classifies an I/O failure: timeouts, refused/unknown hosts, TLS, resets, malformed streams or JSON.
   *
   * @param e the I/O exception
   * @param model the model id
   * @param call the call that failed
   * @param cancelledByCaller true if the caller cancelled the call
   * @return the classified exception
   */
  public ChatModelException ioFailure(IOException e, String model, Call call, boolean cancelledByCaller) {
    Failure failure;
    String detail;
    if (cancelledByCaller) {
      failure = Failure.CANCELLED;
      detail = "cancelled by caller";
    } else if (closed && call != null && call.isCanceled()) {
      failure = Failure.CANCELLED;
      detail = "the model was closed";
    } else if (e instanceof MalformedStreamException) {
      failure = Failure.INVALID_RESPONSE;
      detail = e.getMessage();
    } else if (corruptEncoding(e)) {
      // the bytes arrived but do not decompress: bad data from the server, not a bad connection
      failure = Failure.INVALID_RESPONSE;
      detail = "corrupt gzip body (" + e.getMessage() + ")";
    } else if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      // a stream parser let Jackson's (IOException) parse error through: bad data, not a bad connection
      failure = Failure.INVALID_RESPONSE;
      detail = "malformed JSON in the response (" + e.getClass().getSimpleName() + ")";
    } else if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      failure = Failure.TIMEOUT;
      detail = "timed out (" + e.getMessage() + ")";
    } else if (e instanceof UnknownHostException
        || e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || e instanceof SSLException) {
      failure = Failure.CONNECTION;
      detail = e.getClass().getSimpleName() + ": " + Objects.toString(e.getMessage(), "");
    } else if (call != null && call.isCanceled()) {
      failure = Failure.TIMEOUT;
      detail = "call cancelled by its deadline";
    } else {
      failure = Failure.CONNECTION;
      detail = e.getClass().getSimpleName() + ": " + Objects.toString(e.getMessage(), "");
    }
    if (apiKey != null) detail = apiKey.scrub(detail);
    return ChatModelException.builder(failure).provider(provider).model(model).detail(detail).cause(redacted(e)).build();
  }

  /**
   * True for the errors of a body OkHttp decompresses transparently (it asked for gzip) that is not valid gzip:
   * Okio's header and trailer checks ("ID1ID2: actual … != expected …", CRC, ISIZE), inflater errors, and
   * trailing bytes after the gzip member.
   */
  static boolean corruptEncoding(IOException e) {
    if (e.getCause() instanceof java.util.zip.DataFormatException || e instanceof java.util.zip.ZipException) return true;
    String m = Objects.toString(e.getMessage(), "");
    return m.matches("(ID1ID2|FEXTRA|FNAME|FCOMMENT|FHCRC|CRC|ISIZE|FTEXT): actual .*")
        || m.startsWith("gzip finished without exhausting source");
  }

  /**
   * A checked exception OkHttp (Kotlin) throws without declaring it: {@link InterruptedException} when the calling
   * thread is interrupted while a connection is being set up (e.g. by a router's deadline). The interrupt is kept.
   */
  private ChatModelException undeclared(Exception e, String model) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return ChatModelException.builder(Failure.CANCELLED).provider(provider).model(model)
          .detail("interrupted while connecting").cause(e).build();
    }
    return ChatModelException.builder(Failure.CONNECTION).provider(provider).model(model)
        .detail(e.getClass().getSimpleName()).cause(e).build();
  }

  /** Builds an {@link HttpExchange}. Not thread-safe. */
  public static final class Builder {
    private final String provider;
    private OkHttpClient client;
    private ApiKey apiKey;
    private List<String> requestIdHeaders = List.of("x-request-id", "request-id");
    private FailureClassifier classifier = FailureClassifier.DEFAULT;
    private long maxBodyBytes = DEFAULT_MAX_BODY;
    private Clock clock = Clock.systemUTC();

    private Builder(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
    }

    /**
     * The client to share; default {@link HttpClients#shared()}. Redirects and retries are turned off on it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(OkHttpClient client) {
      this.client = client;
      return this;
    }

    /**
     * The key in use, so it can be scrubbed from any provider message we surface.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Sets the response headers that carry the provider's request id, tried in order.
     *
     * @param names the header names
     * @return this builder
     */
    public Builder requestIdHeaders(String... names) {
      this.requestIdHeaders = List.of(names);
      return this;
    }

    /**
     * Sets how error statuses and bodies map to a {@link dev.crossfeed.Failure}.
     *
     * @param classifier the provider's classifier
     * @return this builder
     */
    public Builder classifier(FailureClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier == null");
      return this;
    }

    /**
     * Sets the cap on a response body, and on the answer a stream delivers.
     *
     * @param maxBodyBytes the cap in bytes
     * @return this builder
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024");
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Sets the clock Retry-After dates and rate-limit resets are read with.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** {@return the exchange} */
    public HttpExchange build() {
      return new HttpExchange(this);
    }
  }
}
