package dev.crossfeed.testing;

import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One scripted answer of a {@link FakeProviderServer}, described by meaning, not bytes: each fake renders it in
 * its provider's native wire format for the request that arrives (JSON or a stream, decided by the request), so
 * one script serves the sync, async and stream paths of a client.
 *
 * <pre>{@code
 * FakeResponse.text("Hello there").usage(9, 3)                        // answer, streamed if the request streams
 * FakeResponse.textChunks("Hel", "lo")                                // exact stream deltas
 * FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")
 * FakeResponse.text("Hello world").errorAfter(1, Failure.SERVER_ERROR)  // error event inside the 200 stream
 * FakeResponse.text("Hello world").cutAfter(1)                        // disconnect after one content chunk
 * FakeResponse.text("Hello world").stallAfter(1, Duration.ofSeconds(10))
 * FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(2)) // provider's canonical signature
 * FakeResponse.error(429, "{\"error\":{\"message\":\"slow down\"}}").header("retry-after-ms", "1500")
 * FakeResponse.stallBeforeHeaders(Duration.ofSeconds(10))            // no answer; the client's timeout wins
 * FakeResponse.malformed()                                            // 200 with a truncated JSON body
 * FakeResponse.raw(200, "application/json", "{...}")                  // verbatim
 * FakeResponse.embeddings(new float[] {0.1f, 0.2f})
 * }</pre>
 *
 * <p>Modifiers return a new value; values are immutable and thread-safe. Reply modifiers ({@link #usage},
 * {@link #reasoning}, {@link #andToolCall}, stream faults) throw {@link IllegalStateException} on other kinds.
 * Stalls are bounded: a stall ends at its duration or when the server is closed, whichever comes first.
 */
public final class FakeResponse {
  /** What kind of answer this is. */
  public enum Kind {
    /** A model answer: text, reasoning, tool calls, usage, finish reason. */
    REPLY,
    /** An embeddings answer. */
    EMBEDDINGS,
    /** The provider's canonical error signature for a {@link Failure}. */
    FAILURE,
    /** A response written exactly as given (status, content type, body, headers). */
    RAW,
    /** A 200 whose body cannot be parsed. */
    MALFORMED,
    /** No response: the server waits, then drops the connection. */
    STALL_BEFORE_HEADERS
  }

  /** A fault injected into an answer's body. */
  public enum StreamFault {
    /** The answer is whole. */
    NONE,
    /** An error event inside the 200 stream (a plain error response for a non-streaming request). */
    ERROR,
    /** The connection drops (mid-body for a non-streaming request). */
    CUT,
    /** The body stops, then the connection drops after the stall. */
    STALL
  }

  /** Default stall: long enough that any sane client timeout in a test fires first. */
  public static final Duration DEFAULT_STALL = Duration.ofSeconds(10);

  private Kind kind;
  private String text = "";
  private List<String> chunks;
  private String reasoning = "";
  private List<ToolCall> toolCalls = List.of();
  private Usage usage;
  private FinishReason finishReason;
  private String model;
  private List<float[]> vectors = List.of();
  private Failure failure;
  private String message;
  private Duration retryAfter;
  private int status;
  private String contentType;
  private String body;
  private Map<String, String> headers = Map.of();
  private String requestId;
  private Duration headersDelay = Duration.ZERO;
  private StreamFault fault = StreamFault.NONE;
  private int faultAfter;
  private Failure faultFailure;
  private Duration stall = Duration.ZERO;
  private boolean fixedLength;

  private FakeResponse(Kind kind) {
    this.kind = kind;
  }

  private FakeResponse copy() {
    FakeResponse c = new FakeResponse(kind);
    c.text = text;
    c.chunks = chunks;
    c.reasoning = reasoning;
    c.toolCalls = toolCalls;
    c.usage = usage;
    c.finishReason = finishReason;
    c.model = model;
    c.vectors = vectors;
    c.failure = failure;
    c.message = message;
    c.retryAfter = retryAfter;
    c.status = status;
    c.contentType = contentType;
    c.body = body;
    c.headers = headers;
    c.requestId = requestId;
    c.headersDelay = headersDelay;
    c.fault = fault;
    c.faultAfter = faultAfter;
    c.faultFailure = faultFailure;
    c.stall = stall;
    c.fixedLength = fixedLength;
    return c;
  }

  // ---- factories

  /**
   * A text answer; streamed as deltas split after each whitespace run.
   *
   * @param text the whole answer
   * @return the scripted answer
   */
  public static FakeResponse text(String text) {
    FakeResponse r = new FakeResponse(Kind.REPLY);
    r.text = Objects.requireNonNull(text, "text == null");
    return r;
  }

  /**
   * A text answer streamed in exactly these deltas (joined for a non-streaming request).
   *
   * @param chunks the deltas, in order
   * @return the scripted answer
   */
  public static FakeResponse textChunks(String... chunks) {
    FakeResponse r = text(String.join("", chunks));
    r.chunks = List.of(chunks);
    return r;
  }

  /**
   * An answer with one tool call; add more with {@link #andToolCall}.
   *
   * @param id the call id the client must echo
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object string
   * @return the scripted answer
   */
  public static FakeResponse toolCall(String id, String name, String argumentsJson) {
    return text("").andToolCall(id, name, argumentsJson);
  }

  /**
   * An embeddings answer, one vector per input.
   *
   * @param vectors the vectors, copied
   * @return the scripted answer
   */
  public static FakeResponse embeddings(float[]... vectors) {
    FakeResponse r = new FakeResponse(Kind.EMBEDDINGS);
    List<float[]> copy = new ArrayList<>();
    for (float[] v : vectors) copy.add(v.clone());
    r.vectors = List.copyOf(copy);
    return r;
  }

  /**
   * The provider's canonical error for this failure (status, error body, headers), as listed by
   * {@link FakeProviderServer#supportedFailures()}. Enqueueing an unsupported failure throws.
   *
   * @param failure the failure to render
   * @return the scripted answer
   */
  public static FakeResponse failure(Failure failure) {
    FakeResponse r = new FakeResponse(Kind.FAILURE);
    r.failure = Objects.requireNonNull(failure, "failure == null");
    return r;
  }

  /**
   * An error response with this status and JSON body, as given.
   *
   * @param status the HTTP status
   * @param jsonBody the body, sent as {@code application/json}
   * @return the scripted answer
   */
  public static FakeResponse error(int status, String jsonBody) {
    return raw(status, "application/json", jsonBody);
  }

  /**
   * A response written verbatim.
   *
   * @param status the HTTP status
   * @param contentType the {@code Content-Type} header
   * @param body the body
   * @return the scripted answer
   */
  public static FakeResponse raw(int status, String contentType, String body) {
    if (status < 100 || status > 599) throw new IllegalArgumentException("status: " + status);
    FakeResponse r = new FakeResponse(Kind.RAW);
    r.status = status;
    r.contentType = Objects.requireNonNull(contentType, "contentType == null");
    r.body = Objects.requireNonNull(body, "body == null");
    return r;
  }

  /** {@return a 200 whose body is truncated JSON (in the stream's framing for a streaming request)} */
  public static FakeResponse malformed() {
    return new FakeResponse(Kind.MALFORMED);
  }

  /**
   * Sends nothing for {@link #DEFAULT_STALL}, then drops the connection.
   *
   * @return the scripted answer
   */
  public static FakeResponse stallBeforeHeaders() {
    return stallBeforeHeaders(DEFAULT_STALL);
  }

  /**
   * Sends nothing for {@code stall} (or until the server closes), then drops the connection.
   *
   * @param stall how long to send nothing, positive
   * @return the scripted answer
   */
  public static FakeResponse stallBeforeHeaders(Duration stall) {
    FakeResponse r = new FakeResponse(Kind.STALL_BEFORE_HEADERS);
    r.stall = positive(stall, "stall");
    return r;
  }

  // ---- reply modifiers

  /**
   * Adds a tool call (arguments as a JSON object string), e.g. {@code text("Checking.").andToolCall(...)}.
   *
   * @param id the call id
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object string
   * @return a copy with the call added
   */
  public FakeResponse andToolCall(String id, String name, String argumentsJson) {
    requireKind(Kind.REPLY, "andToolCall");
    FakeResponse c = copy();
    List<ToolCall> calls = new ArrayList<>(toolCalls);
    calls.add(new ToolCall(id, name, argumentsJson));
    c.toolCalls = List.copyOf(calls);
    return c;
  }

  /**
   * Reasoning/thinking text, where the provider has a field for it.
   *
   * @param reasoning the reasoning text
   * @return a copy with it
   */
  public FakeResponse reasoning(String reasoning) {
    requireKind(Kind.REPLY, "reasoning");
    FakeResponse c = copy();
    c.reasoning = Objects.requireNonNull(reasoning, "reasoning == null");
    return c;
  }

  /**
   * Token usage; default: 10 input tokens, output about one per four characters.
   *
   * @param inputTokens input tokens to report
   * @param outputTokens output tokens to report
   * @return a copy with that usage
   */
  public FakeResponse usage(long inputTokens, long outputTokens) {
    return usage(Usage.of(inputTokens, outputTokens));
  }

  /**
   * Reports this usage, cached and reasoning tokens included where the provider's wire format has them.
   *
   * @param usage the usage to report
   * @return a copy with that usage
   */
  public FakeResponse usage(Usage usage) {
    if (kind != Kind.REPLY && kind != Kind.EMBEDDINGS) throw new IllegalStateException("usage applies to answers");
    FakeResponse c = copy();
    c.usage = Objects.requireNonNull(usage, "usage == null");
    return c;
  }

  /**
   * Finish reason; default TOOL_CALLS when there are tool calls, else STOP.
   *
   * @param finishReason why the answer ends
   * @return a copy with it
   */
  public FakeResponse finishReason(FinishReason finishReason) {
    requireKind(Kind.REPLY, "finishReason");
    FakeResponse c = copy();
    c.finishReason = Objects.requireNonNull(finishReason, "finishReason == null");
    return c;
  }

  /**
   * The model named in the answer; default: the model of the request.
   *
   * @param model the model id to name in the answer
   * @return a copy with it
   */
  public FakeResponse model(String model) {
    if (kind != Kind.REPLY && kind != Kind.EMBEDDINGS) throw new IllegalStateException("model applies to answers");
    FakeResponse c = copy();
    c.model = Objects.requireNonNull(model, "model == null");
    return c;
  }

  /**
   * An error event inside the 200 stream after {@code contentChunks} content chunks (0: before any content),
   * in the provider's in-stream error format. A non-streaming request gets the failure's error response.
   *
   * @param contentChunks content chunks sent before the error
   * @param failure the failure the error event names
   * @return a copy with the fault
   */
  public FakeResponse errorAfter(int contentChunks, Failure failure) {
    FakeResponse c = fault(StreamFault.ERROR, contentChunks);
    c.faultFailure = Objects.requireNonNull(failure, "failure == null");
    return c;
  }

  /**
   * Drops the connection after {@code contentChunks} content chunks (mid-body for a non-streaming request).
   *
   * @param contentChunks content chunks sent before the cut
   * @return a copy with the fault
   */
  public FakeResponse cutAfter(int contentChunks) {
    return fault(StreamFault.CUT, contentChunks);
  }

  /**
   * Stops writing after {@code contentChunks} content chunks for {@code stall}, then drops the connection.
   *
   * @param contentChunks content chunks sent before the stall
   * @param stall how long the body stops before the connection drops
   * @return a copy with the fault
   */
  public FakeResponse stallAfter(int contentChunks, Duration stall) {
    FakeResponse c = fault(StreamFault.STALL, contentChunks);
    c.stall = positive(stall, "stall");
    return c;
  }

  /**
   * Sends a streamed answer (no fault) with a {@code Content-Length} instead of chunked encoding, the way a
   * benchmark stub or a buffering proxy does. Non-streamed answers always carry a length.
   *
   * @return a copy sent with a length
   */
  public FakeResponse fixedLength() {
    requireKind(Kind.REPLY, "fixedLength");
    FakeResponse c = copy();
    c.fixedLength = true;
    return c;
  }

  private FakeResponse fault(StreamFault f, int after) {
    requireKind(Kind.REPLY, f.name().toLowerCase(java.util.Locale.ROOT) + "After");
    if (after < 0) throw new IllegalArgumentException("contentChunks must be >= 0: " + after);
    FakeResponse c = copy();
    c.fault = f;
    c.faultAfter = after;
    return c;
  }

  // ---- failure modifiers

  /**
   * For {@link Kind#FAILURE}: the retry hint sent (as {@code retry-after}/{@code retry-after-ms} or natively).
   *
   * @param retryAfter the wait to announce
   * @return a copy with it
   */
  public FakeResponse retryAfter(Duration retryAfter) {
    requireKind(Kind.FAILURE, "retryAfter");
    FakeResponse c = copy();
    c.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter == null");
    return c;
  }

  /**
   * For {@link Kind#FAILURE}: the error message instead of the provider's typical one.
   *
   * @param message the provider's error message
   * @return a copy with it
   */
  public FakeResponse message(String message) {
    requireKind(Kind.FAILURE, "message");
    FakeResponse c = copy();
    c.message = Objects.requireNonNull(message, "message == null");
    return c;
  }

  // ---- modifiers for every kind but STALL_BEFORE_HEADERS

  /**
   * Adds (or replaces) a response header, e.g. {@code retry-after} or {@code x-ratelimit-remaining-requests}.
   *
   * @param name the header's name
   * @param value its value
   * @return a copy with the header
   */
  public FakeResponse header(String name, String value) {
    notStall("header");
    FakeResponse c = copy();
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
    c.headers = java.util.Collections.unmodifiableMap(h);
    return c;
  }

  /**
   * Adds (or replaces) these response headers, e.g. {@link FakeOpenAiServer#rateLimitHeaders}.
   *
   * @param headers the headers, in the map's order
   * @return a copy with them
   */
  public FakeResponse headers(Map<String, String> headers) {
    FakeResponse c = this;
    for (Map.Entry<String, String> e : headers.entrySet()) c = c.header(e.getKey(), e.getValue());
    return c;
  }

  /**
   * The request id the provider reports (header or body); default {@code req_N} for the N-th request.
   *
   * @param requestId the id to send
   * @return a copy with it
   */
  public FakeResponse requestId(String requestId) {
    notStall("requestId");
    FakeResponse c = copy();
    c.requestId = Objects.requireNonNull(requestId, "requestId == null");
    return c;
  }

  /**
   * Waits this long (or until the server closes) before sending the status line: a slow but real answer.
   *
   * @param delay how long to wait before the status line
   * @return a copy with it
   */
  public FakeResponse headersDelay(Duration delay) {
    notStall("headersDelay");
    FakeResponse c = copy();
    c.headersDelay = positive(delay, "delay");
    return c;
  }

  // ---- accessors, for FakeProviderServer implementations

  /** {@return what kind of response this is} */
  public Kind kind() {
    return kind;
  }

  /** {@return the answer's text (empty for non-replies)} */
  public String text() {
    return text;
  }

  /** {@return the stream deltas: as given to {@link #textChunks}, else the text split after each whitespace run} */
  public List<String> chunks() {
    return chunks != null ? chunks : ScriptedAnswers.chunks(text);
  }

  /** {@return the reasoning text; empty if none} */
  public String reasoning() {
    return reasoning;
  }

  /** {@return the tool calls, in order} */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** {@return the usage to report: as set, or 10 input tokens and about one output token per four characters} */
  public Usage usage() {
    if (usage != null) return usage;
    long chars = text.length() + reasoning.length();
    for (ToolCall c : toolCalls) chars += c.argumentsJson().length();
    if (kind == Kind.EMBEDDINGS) return Usage.of(Math.max(1, vectors.size()) * 4L, 0);
    return Usage.of(10, Math.max(1, (chars + 3) / 4));
  }

  /** {@return the finish reason: as set, else {@code TOOL_CALLS} when there are tool calls, else {@code STOP}} */
  public FinishReason finishReason() {
    if (finishReason != null) return finishReason;
    return toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
  }

  /** {@return the model to name in the answer, if set (else the request's)} */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** {@return embedding vectors (copies)} */
  public List<float[]> vectors() {
    List<float[]> out = new ArrayList<>();
    for (float[] v : vectors) out.add(v.clone());
    return out;
  }

  /** {@return the failure of a {@link Kind#FAILURE}, or of an {@link StreamFault#ERROR} fault} */
  public Optional<Failure> failure() {
    return Optional.ofNullable(kind == Kind.FAILURE ? failure : faultFailure);
  }

  /** {@return the error message to render, if set} */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** {@return the retry hint to render, if set} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@return status of a {@link Kind#RAW}} */
  public int status() {
    return status;
  }

  /** {@return content type of a {@link Kind#RAW}} */
  public String contentType() {
    return contentType == null ? "" : contentType;
  }

  /** {@return body of a {@link Kind#RAW}} */
  public String body() {
    return body == null ? "" : body;
  }

  /** {@return extra headers, in order} */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return the request id to send, if set} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** {@return the wait before the status line; zero by default} */
  public Duration headersDelay() {
    return headersDelay;
  }

  /** {@return true if a streamed answer is sent with a {@code Content-Length}; see {@link #fixedLength()}} */
  public boolean isFixedLength() {
    return fixedLength;
  }

  /** {@return the fault injected into the body; {@link StreamFault#NONE} by default} */
  public StreamFault streamFault() {
    return fault;
  }

  /** {@return content chunks sent before the stream fault} */
  public int faultAfter() {
    return faultAfter;
  }

  /** {@return stall duration of a stall fault or {@link Kind#STALL_BEFORE_HEADERS}} */
  public Duration stall() {
    return stall;
  }

  private void requireKind(Kind k, String what) {
    if (kind != k) throw new IllegalStateException(what + " applies to " + k + ", not " + kind);
  }

  private void notStall(String what) {
    if (kind == Kind.STALL_BEFORE_HEADERS) throw new IllegalStateException(what + " does not apply to a stall");
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    return d;
  }

  @Override
  public String toString() {
    switch (kind) {
      case REPLY:
        return "FakeResponse.reply(text=" + text.length() + " chars, toolCalls=" + toolCalls.size()
            + (fault == StreamFault.NONE ? "" : ", " + fault + " after " + faultAfter) + ')';
      case FAILURE:
        return "FakeResponse.failure(" + failure + ')';
      case RAW:
        return "FakeResponse.raw(" + status + ')';
      default:
        return "FakeResponse." + kind;
    }
  }
}
