package dev.crossfeed.testing;

import dev.crossfeed.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake LLM provider on mockwebserver3 (loopback, free port) that answers a script of {@link FakeResponse}s
 * in order, rendered in the provider's native wire format for each incoming request. Because items are
 * semantic (text, tool calls, a {@link Failure}, a stream cut after N chunks...) and the fake decides from the
 * request whether to stream, one script drives the sync, async and stream paths of a client alike.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = new FakeOpenAiServer()) {
 *   server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(1)),
 *                  FakeResponse.text("Hello").usage(9, 2));
 *   ChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).build();
 *   // ... call the model twice ...
 *   FakeRequest first = server.takeRequest();
 *   assertEquals("gpt-4o-mini", first.model());
 * }
 * }</pre>
 *
 * <p>Behaviour every fake shares: when the script is empty the server answers a 500 in the provider's error
 * format whose message says "no scripted response" (it never hangs); a reply scripted for the wrong endpoint
 * (chat vs embeddings) also gets a 500 saying so; a request the fake cannot parse gets a 400 and is still
 * recorded. Stalls wait at most their duration and end at once when the server is closed, so a test never
 * outlives its timeout by more than the client's. Every answer carries the provider's request-id header
 * ({@code req_N} unless scripted). {@link Failure#CONNECTION} (connection dropped before any byte) and
 * {@link Failure#INVALID_RESPONSE} (malformed 200) are rendered here for every provider.
 *
 * <h2>Adding a provider</h2>
 * Extend this class (see {@link FakeOpenAiServer}) and implement: {@link #baseUrl()}; {@link #parse} from the
 * native request to a {@link FakeRequest} (endpoint, stream flag, model, system, messages, images, tools, tool
 * results, output cap, response format, embedding inputs); {@link #renderReply} (non-streaming JSON) and
 * {@link #renderStream} (the complete stream as {@link WireFrame}s, content frames flagged, terminator included);
 * {@link #renderStreamError} (the in-stream error event); {@link #renderFailure} for each failure in
 * {@link #providerFailures()} with its canonical status, body and headers (honouring
 * {@link FakeResponse#retryAfter()} and {@link FakeResponse#message()}); {@link #renderEmbeddings}. Override
 * {@link #streamContentType()} (e.g. NDJSON), {@link #requestIdHeader()} and {@link #renderMalformed} where the
 * provider differs. The base class applies stream faults, stalls, headers and request ids.
 *
 * <p>Thread-safe: scripts may be enqueued while requests are served.
 */
public abstract class FakeProviderServer implements AutoCloseable {
  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(5);

  private final MockWebServer server = new MockWebServer();
  private final ConcurrentLinkedQueue<FakeResponse> script = new ConcurrentLinkedQueue<>();
  private final LinkedBlockingQueue<FakeRequest> received = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final WireWriter writer = new WireWriter(this::stall, this::frameBytes);

  /** Starts the server on a free loopback port. */
  protected FakeProviderServer() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return FakeProviderServer.this.dispatch(request);
          }
        });
    server.setServerSocketFactory(NoDelayServerSockets.INSTANCE); // no Nagle + delayed-ACK stall per exchange
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake server", e);
    }
  }

  // ---- public API

  /** {@return the base URL a provider client is configured with (e.g. {@code http://127.0.0.1:PORT/v1})} */
  public abstract String baseUrl();

  /**
   * An absolute URL on this server.
   *
   * @param path a path, with or without a leading slash
   * @return the URL
   */
  public String url(String path) {
    return server.url(path).toString();
  }

  /**
   * {@link #url(String)} without a trailing slash: the form providers' base URLs take.
   *
   * @param path the base path, e.g. {@code /v1}
   * @return the URL
   */
  protected String baseUrlAt(String path) {
    String url = url(path);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** {@return the underlying server, for what this API does not cover} */
  public MockWebServer mockWebServer() {
    return server;
  }

  /**
   * Appends answers to the script.
   *
   * @param responses the answers, served one per request in order
   * @throws IllegalArgumentException for a {@link FakeResponse#failure} this fake cannot render
   */
  public void enqueue(FakeResponse... responses) {
    for (FakeResponse r : responses) {
      r.failure().ifPresent(f -> {
        if (!supportedFailures().contains(f)) {
          throw new IllegalArgumentException(getClass().getSimpleName() + " cannot render " + f
              + "; supported: " + supportedFailures());
        }
      });
    }
    Collections.addAll(script, responses);
  }

  /** {@return scripted answers not yet served} */
  public int pending() {
    return script.size();
  }

  /** {@return requests received so far} */
  public int requestCount() {
    return count.get();
  }

  /**
   * The TCP connections requests arrived on so far: a client that returns finished connections to its pool sends
   * sequential calls over one.
   *
   * @return the number of distinct connections
   */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * The failures {@link FakeResponse#failure} can render: the provider's canonical signatures plus
   * CONNECTION and INVALID_RESPONSE.
   *
   * @return the failures
   */
  public final Set<Failure> supportedFailures() {
    EnumSet<Failure> all = EnumSet.of(Failure.CONNECTION, Failure.INVALID_RESPONSE);
    all.addAll(providerFailures());
    return Collections.unmodifiableSet(all);
  }

  /** {@return true if answers carry a request id the client can report} */
  public boolean sendsRequestId() {
    return requestIdHeader().isPresent();
  }

  /** {@return true if the provider's tool calls carry ids the client must echo (Gemini's historically do not)} */
  public boolean sendsToolCallIds() {
    return true;
  }

  /**
   * The next request received, waiting up to 5 seconds.
   *
   * @return the request, parsed
   * @throws AssertionError if none arrives in time
   */
  public FakeRequest takeRequest() {
    return takeRequest(DEFAULT_TAKE_TIMEOUT);
  }

  /**
   * The next request received, waiting up to {@code timeout}.
   *
   * @param timeout how long to wait
   * @return the request, parsed
   * @throws AssertionError if none arrives in time
   */
  public FakeRequest takeRequest(Duration timeout) {
    return pollRequest(timeout)
        .orElseThrow(() -> new AssertionError("no request reached " + this + " within " + timeout.toMillis() + "ms"));
  }

  /**
   * The next request received, or empty after {@code timeout}.
   *
   * @param timeout how long to wait
   * @return the request, or empty if none arrived in time
   */
  public Optional<FakeRequest> pollRequest(Duration timeout) {
    try {
      return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Releases every stall at once and stops the server. */
  @Override
  public void close() {
    closing.countDown();
    server.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + '{' + server.getHostName() + ':' + server.getPort() + '}';
  }

  // ---- provider hooks

  /**
   * Parses a native request (never null; throw on an unparseable body: the base class answers 400).
   *
   * @param request the raw request
   * @param number the request's position, from 1
   * @return the parsed request
   */
  protected abstract FakeRequest parse(int number, RecordedRequest request);

  /** {@return the failures this provider renders natively in {@link #renderFailure}} */
  protected abstract Set<Failure> providerFailures();

  /**
   * A non-streaming answer.
   *
   * @param reply the scripted answer
   * @param request the request it answers
   * @return the response to write
   */
  protected abstract WireResponse renderReply(FakeResponse reply, FakeRequest request);

  /**
   * The whole stream for an answer, terminator included; content frames flagged.
   *
   * @param reply the scripted answer
   * @param request the request it answers
   * @return the frames, in order
   */
  protected abstract List<WireFrame> renderStream(FakeResponse reply, FakeRequest request);

  /**
   * The provider's error event inside a 200 stream, for {@code failure}.
   *
   * @param failure the failure to render
   * @param request the request it answers
   * @return the error frame
   */
  protected abstract WireFrame renderStreamError(Failure failure, FakeRequest request);

  /**
   * The canonical error for {@code failure.failure()}, one of {@link #providerFailures()}.
   *
   * @param failure the scripted failure
   * @param request the request it answers
   * @return the error response
   */
  protected abstract WireResponse renderFailure(FakeResponse failure, FakeRequest request);

  /**
   * An embeddings answer (vectors may be empty: then invent one small vector per input).
   *
   * @param embeddings the scripted answer
   * @param request the request it answers
   * @return the response to write
   */
  protected abstract WireResponse renderEmbeddings(FakeResponse embeddings, FakeRequest request);

  /**
   * An answer refusing {@code request} before any scripted one is used (e.g. a bad signature), or empty to serve
   * the script; default empty. The request is still recorded.
   *
   * @param request the parsed request
   * @return the refusal, or empty to serve the script
   */
  protected Optional<WireResponse> refuse(FakeRequest request) {
    return Optional.empty();
  }

  /**
   * The bytes a stream frame is written as; default its text in UTF-8 (a binary framing overrides it).
   *
   * @param frame the frame
   * @return its bytes on the wire
   */
  protected byte[] frameBytes(WireFrame frame) {
    return frame.data().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@return the content type of streams; default {@code text/event-stream}} */
  protected String streamContentType() {
    return "text/event-stream";
  }

  /** {@return the response header carrying the request id, or empty if the provider sends none in a header} */
  protected Optional<String> requestIdHeader() {
    return Optional.empty();
  }

  /**
   * A 200 with an unparseable body: truncated JSON, framed as one stream event for a streaming request.
   *
   * @param request the request it answers
   * @return the response to write
   */
  protected WireResponse renderMalformed(FakeRequest request) {
    if (request.stream()) {
      return new WireResponse(200, streamContentType(), "data: {\"id\":\"broken\",\"choices\":[{\"delta\":\n\n", Map.of());
    }
    return WireResponse.json(200, "{\"id\":\"broken\",\"choices\":[{\"message\":{\"content\":\"Hel");
  }

  // ---- dispatch

  private MockResponse dispatch(RecordedRequest recorded) {
    int number = count.incrementAndGet();
    connections.add(recorded.getConnectionIndex());
    FakeRequest request;
    try {
      request = parse(number, recorded);
    } catch (RuntimeException e) {
      request = FakeRequest.builder(number, recorded).parseError(String.valueOf(e.getMessage())).build();
    }
    received.add(request);
    Map<String, String> ids = requestIdHeaders(null, number);
    if (request.parseError().isPresent()) {
      return failure(Failure.INVALID_REQUEST, "crossfeed fake: cannot parse the request: " + request.parseError().get(), request, ids);
    }
    Optional<WireResponse> refused = refuse(request);
    if (refused.isPresent()) return writer.complete(refused.get(), ids);
    FakeResponse item = script.poll();
    if (item == null) {
      return failure(Failure.SERVER_ERROR, "crossfeed fake: no scripted response for request #" + number + " ("
          + request.method() + ' ' + request.target() + ')', request, ids);
    }
    String mismatch = mismatch(item, request);
    if (mismatch != null) return failure(Failure.SERVER_ERROR, "crossfeed fake: " + mismatch, request, ids);
    if (item.kind() == FakeResponse.Kind.STALL_BEFORE_HEADERS) {
      stall(item.stall());
      return writer.disconnect();
    }
    if (!item.headersDelay().isZero()) stall(item.headersDelay());
    Map<String, String> headers = requestIdHeaders(item, number);
    headers.putAll(item.headers());
    return respond(item, request, headers);
  }

  private MockResponse respond(FakeResponse item, FakeRequest request, Map<String, String> headers) {
    switch (item.kind()) {
      case FAILURE:
        if (item.failure().orElseThrow() == Failure.CONNECTION) return writer.disconnect();
        if (item.failure().orElseThrow() == Failure.INVALID_RESPONSE) return malformed(request, headers);
        return writer.complete(renderFailure(item, request), headers);
      case RAW:
        return writer.complete(new WireResponse(item.status(), item.contentType(), item.body(), Map.of()), headers);
      case MALFORMED:
        return malformed(request, headers);
      case EMBEDDINGS:
        return writer.complete(renderEmbeddings(item, request), headers);
      default:
        return request.stream() ? stream(item, request, headers) : reply(item, request, headers);
    }
  }

  private MockResponse reply(FakeResponse item, FakeRequest request, Map<String, String> headers) {
    switch (item.streamFault()) {
      case ERROR:
        return writer.complete(renderFailure(FakeResponse.failure(item.failure().orElseThrow()), request), headers);
      case CUT:
        return writer.partial(renderReply(item, request), headers, WireWriter.Ending.CUT, Duration.ZERO);
      case STALL:
        return writer.partial(renderReply(item, request), headers, WireWriter.Ending.STALL, item.stall());
      default:
        return writer.complete(renderReply(item, request), headers);
    }
  }

  private MockResponse stream(FakeResponse item, FakeRequest request, Map<String, String> headers) {
    List<WireFrame> frames = renderStream(item, request);
    if (item.streamFault() == FakeResponse.StreamFault.NONE) {
      if (item.isFixedLength()) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (WireFrame f : frames) body.writeBytes(frameBytes(f));
        return writer.complete(streamContentType(), body.toByteArray(), headers);
      }
      return writer.stream(streamContentType(), frames, headers, WireWriter.Ending.COMPLETE, Duration.ZERO);
    }
    List<WireFrame> sent = prefix(frames, item.faultAfter());
    switch (item.streamFault()) {
      case ERROR:
        sent.add(renderStreamError(item.failure().orElseThrow(), request));
        return writer.stream(streamContentType(), sent, headers, WireWriter.Ending.COMPLETE, Duration.ZERO);
      case CUT:
        return writer.stream(streamContentType(), sent, headers, WireWriter.Ending.CUT, Duration.ZERO);
      default:
        return writer.stream(streamContentType(), sent, headers, WireWriter.Ending.STALL, item.stall());
    }
  }

  /** The frames up to and including the n-th content frame (all frames before the first one for n = 0). */
  static List<WireFrame> prefix(List<WireFrame> frames, int contentFrames) {
    List<WireFrame> out = new ArrayList<>();
    int seen = 0;
    int lastContent = -1;
    for (int i = 0; i < frames.size(); i++) if (frames.get(i).content()) lastContent = i;
    for (int i = 0; i < frames.size(); i++) {
      WireFrame f = frames.get(i);
      if (f.content()) {
        if (seen == contentFrames) break;
        seen++;
      } else if (i > lastContent) {
        break; // never send the finish, usage or terminator frames of a faulted stream
      }
      out.add(f);
    }
    return out;
  }

  private MockResponse malformed(FakeRequest request, Map<String, String> headers) {
    return writer.complete(renderMalformed(request), headers);
  }

  private MockResponse failure(Failure failure, String message, FakeRequest request, Map<String, String> headers) {
    return writer.complete(renderFailure(FakeResponse.failure(failure).message(message), request), headers);
  }

  private static String mismatch(FakeResponse item, FakeRequest request) {
    boolean embeddings = request.endpoint() == FakeRequest.Endpoint.EMBEDDINGS;
    if (item.kind() == FakeResponse.Kind.REPLY && request.endpoint() != FakeRequest.Endpoint.CHAT) {
      return "a chat reply was scripted but request #" + request.number() + " is " + request.method() + ' ' + request.target();
    }
    if (item.kind() == FakeResponse.Kind.EMBEDDINGS && !embeddings) {
      return "embeddings were scripted but request #" + request.number() + " is " + request.method() + ' ' + request.target();
    }
    return null;
  }

  private Map<String, String> requestIdHeaders(FakeResponse item, int number) {
    Map<String, String> h = new LinkedHashMap<>();
    requestIdHeader().ifPresent(name -> h.put(name, requestId(item, number)));
    return h;
  }

  /**
   * The request id of an answer: scripted, else {@code req_N}.
   *
   * @param item the scripted answer, or null
   * @param number the request's position, from 1
   * @return the id
   */
  protected static String requestId(FakeResponse item, int number) {
    return item != null && item.requestId().isPresent() ? item.requestId().get() : "req_" + number;
  }

  private void stall(Duration d) {
    try {
      closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
