package dev.crossfeed.testing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.RateLimits;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ScriptedChatModel} does for one call. One outcome serves every path: an answer is returned by
 * {@code chat}/{@code chatAsync} and streamed (as text, reasoning and tool-call events, usage, then
 * {@code Completed}) by {@code stream}/{@code streamAsync}; a scripted stream is assembled into a response for
 * {@code chat}.
 *
 * <pre>{@code
 * Outcome.text("Paris");                                    // answer
 * Outcome.text("Paris").withUsage(Usage.of(12, 3));         // with exact usage
 * Outcome.toolCalls(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"));
 * Outcome.fail(Failure.OVERLOADED);                         // typical status (503) filled in
 * Outcome.rateLimited(Duration.ofMillis(200));              // 429 + retryAfter
 * Outcome.fail(ChatModelException.builder(Failure.RATE_LIMITED).status(429).requestId("req_1").build());
 * Outcome.stream(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
 * Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta("Hel")); // STREAM_INTERRUPTED
 * Outcome.hang();                                           // until cancelled or closed
 * Outcome.hangUntil(gate, Outcome.text("late"));            // until the test opens the gate
 * }</pre>
 *
 * <p>Immutable and thread-safe; an outcome may be reused (errors are copied on every throw).
 */
public final class Outcome {
  enum Kind {
    RESPOND,
    FAIL,
    STREAM,
    STREAM_THEN_FAIL,
    HANG
  }

  final Kind kind;
  final ChatResponse response;
  final boolean explicitUsage;
  final List<StreamEvent> events;
  final ChatModelException error;
  final Gate gate;
  final Outcome then;

  private Outcome(
      Kind kind,
      ChatResponse response,
      boolean explicitUsage,
      List<StreamEvent> events,
      ChatModelException error,
      Gate gate,
      Outcome then) {
    this.kind = kind;
    this.response = response;
    this.explicitUsage = explicitUsage;
    this.events = events;
    this.error = error;
    this.gate = gate;
    this.then = then;
  }

  private static Outcome respond(ChatResponse response, boolean explicitUsage) {
    return new Outcome(Kind.RESPOND, response, explicitUsage, List.of(), null, null, null);
  }

  /**
   * Answers with {@code text}, finish reason STOP. Usage is estimated (input from the request, output about
   * one token per four characters) unless set with {@link #withUsage}.
   *
   * @param text the answer
   * @return the outcome
   */
  public static Outcome text(String text) {
    Objects.requireNonNull(text, "text == null");
    return respond(ChatResponse.builder().text(text).build(), false);
  }

  /**
   * Answers with this response. Blank provider and model are filled from the model's info, a missing cost
   * from its prices; everything else is returned as given.
   *
   * @param response the response to return as is
   * @return the outcome
   */
  public static Outcome response(ChatResponse response) {
    Objects.requireNonNull(response, "response == null");
    return respond(response, true);
  }

  /**
   * Answers with tool calls, finish reason TOOL_CALLS, estimated usage.
   *
   * @param calls the calls the model makes
   * @return the outcome
   */
  public static Outcome toolCalls(ToolCall... calls) {
    if (calls.length == 0) throw new IllegalArgumentException("no tool calls");
    return respond(
        ChatResponse.builder().toolCalls(Arrays.asList(calls)).finishReason(FinishReason.TOOL_CALLS).build(), false);
  }

  /**
   * Fails with a {@link ChatModelException} of this kind and its typical HTTP status (429 for RATE_LIMITED
   * and QUOTA_EXHAUSTED, 503 OVERLOADED, 500 SERVER_ERROR, 401, 403, 404 MODEL_NOT_FOUND, 400 for
   * CONTEXT_LENGTH_EXCEEDED, CONTENT_FILTERED and INVALID_REQUEST; none for the others).
   *
   * @param failure the kind of failure
   * @return the outcome
   */
  public static Outcome fail(Failure failure) {
    return fail(ChatModelException.builder(failure).status(typicalStatus(failure)).detail("scripted " + failure).build());
  }

  /**
   * Fails with (a fresh copy of) this exception; blank provider and model are filled from the model's info.
   * Build it with {@link ChatModelException#builder} to set status, request id, retry hint and rate limits.
   *
   * @param error the exception to throw
   * @return the outcome
   */
  public static Outcome fail(ChatModelException error) {
    Objects.requireNonNull(error, "error == null");
    return new Outcome(Kind.FAIL, null, false, List.of(), error, null, null);
  }

  /**
   * Fails RATE_LIMITED with HTTP 429 and this retry hint.
   *
   * @param retryAfter the retry hint the failure carries
   * @return the outcome
   */
  public static Outcome rateLimited(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    return fail(
        ChatModelException.builder(Failure.RATE_LIMITED)
            .status(429)
            .retryAfter(retryAfter)
            .detail("scripted RATE_LIMITED")
            .build());
  }

  /**
   * Streams these events. Without a final {@link StreamEvent.Completed}, one is added with the events
   * assembled (usage estimated when no {@link StreamEvent.UsageUpdate} is among them); events after a
   * {@code Completed} are ignored. {@code chat} returns the assembled response.
   *
   * @param events the events, in order
   * @return the outcome
   */
  public static Outcome stream(StreamEvent... events) {
    return stream(Arrays.asList(events));
  }

  /**
   * As {@link #stream(StreamEvent...)}.
   *
   * @param events the events, in order
   * @return the outcome
   */
  public static Outcome stream(List<StreamEvent> events) {
    return new Outcome(Kind.STREAM, null, false, List.copyOf(events), null, null, null);
  }

  /**
   * Streams text in these chunks, then completes.
   *
   * @param chunks the text deltas, in order
   * @return the outcome
   */
  public static Outcome textStream(String... chunks) {
    StreamEvent[] events = new StreamEvent[chunks.length];
    for (int i = 0; i < chunks.length; i++) events[i] = new StreamEvent.TextDelta(chunks[i]);
    return stream(events);
  }

  /**
   * Streams these events, then fails with {@code error}. Through {@code stream} an error after a content
   * event becomes {@link Failure#STREAM_INTERRUPTED} carrying the partial response (the
   * {@code AbstractChatStream} rule); with no content before it, the error keeps its kind. Through
   * {@code chat}, where no partial content reaches the caller, the error is thrown as given.
   *
   * @param events the events delivered before the failure
   * @param error the failure
   * @return the outcome
   */
  public static Outcome streamThenFail(List<StreamEvent> events, ChatModelException error) {
    Objects.requireNonNull(error, "error == null");
    for (StreamEvent e : events) {
      if (e instanceof StreamEvent.Completed) throw new IllegalArgumentException("a failing stream cannot complete");
    }
    return new Outcome(Kind.STREAM_THEN_FAIL, null, false, List.copyOf(events), error, null, null);
  }

  /**
   * As {@link #streamThenFail(List, ChatModelException)} with a failure of this kind and no status.
   *
   * @param failure the kind of failure
   * @param events the events delivered before it
   * @return the outcome
   */
  public static Outcome streamThenFail(Failure failure, StreamEvent... events) {
    return streamThenFail(
        Arrays.asList(events), ChatModelException.builder(failure).detail("scripted " + failure + " mid-stream").build());
  }

  /**
   * Never answers: the call stays in flight until it is cancelled (future cancelled, stream closed, thread
   * interrupted), then fails CANCELLED. A safety cap ({@link ScriptedChatModel.Builder#maxHang}) ends it
   * with TIMEOUT so a broken test cannot hang forever.
   *
   * @return the outcome
   */
  public static Outcome hang() {
    return new Outcome(Kind.HANG, null, false, List.of(), null, null, null);
  }

  /**
   * Parks the call on {@code gate} until the test opens it, then plays {@code then}; cancellable meanwhile.
   *
   * @param gate the gate the call parks on
   * @param then what the call does once released
   * @return the outcome
   */
  public static Outcome hangUntil(Gate gate, Outcome then) {
    Objects.requireNonNull(gate, "gate == null");
    Objects.requireNonNull(then, "then == null");
    return new Outcome(Kind.HANG, null, false, List.of(), null, gate, then);
  }

  /**
   * This answer with exact usage (for cost assertions). Only for answers ({@link #text}, {@link #toolCalls}).
   *
   * @param usage the usage the answer reports
   * @return a copy with it
   */
  public Outcome withUsage(Usage usage) {
    Objects.requireNonNull(usage, "usage == null");
    if (kind != Kind.RESPOND) throw new IllegalStateException("withUsage applies to answers, not " + kind);
    return respond(response.newBuilder().usage(usage).build(), true);
  }

  /**
   * This answer with rate-limit headers, as a provider would report them. Only for answers.
   *
   * @param rateLimits the rate limits the answer or failure carries
   * @return a copy with them
   */
  public Outcome withRateLimits(RateLimits rateLimits) {
    Objects.requireNonNull(rateLimits, "rateLimits == null");
    if (kind != Kind.RESPOND) throw new IllegalStateException("withRateLimits applies to answers, not " + kind);
    return respond(response.newBuilder().rateLimits(rateLimits).build(), explicitUsage);
  }

  /**
   * This answer with reasoning text. Only for answers.
   *
   * @param reasoning the reasoning text
   * @return a copy with it
   */
  public Outcome withReasoning(String reasoning) {
    if (kind != Kind.RESPOND) throw new IllegalStateException("withReasoning applies to answers, not " + kind);
    return respond(response.newBuilder().reasoning(reasoning).build(), explicitUsage);
  }

  static int typicalStatus(Failure failure) {
    switch (failure) {
      case RATE_LIMITED:
      case QUOTA_EXHAUSTED:
        return 429;
      case OVERLOADED:
        return 503;
      case SERVER_ERROR:
        return 500;
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
      default:
        return 0;
    }
  }

  @Override
  public String toString() {
    switch (kind) {
      case RESPOND:
        return "Outcome.respond(" + response + ')';
      case FAIL:
        return "Outcome.fail(" + error.failure() + ')';
      case STREAM:
        return "Outcome.stream(" + events.size() + " events)";
      case STREAM_THEN_FAIL:
        return "Outcome.streamThenFail(" + events.size() + " events, " + error.failure() + ')';
      default:
        return gate == null ? "Outcome.hang()" : "Outcome.hangUntil(" + gate + ", " + then + ')';
    }
  }
}
