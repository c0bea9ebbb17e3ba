package dev.crossfeed.opentelemetry;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.Usage;
import dev.crossfeed.routing.CallInfo;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns one or more routers' events into spans and GenAI metrics: a call span (INTERNAL, {@code route <name>})
 * per routed call, child of the span current on the thread that started the call, and a CLIENT span
 * ({@code chat <model>}) per attempt under it.
 *
 * <p>A call's state lives in a map from its {@code CallStarted} to its {@code CallFinished} (which the router
 * sends exactly once per call). Attempt spans stay open until then, because only the call's end knows the answer
 * (or the partial answer of an interrupted stream) whose usage, response model and finish reason belong on the
 * attempt that produced it; each attempt span is ended with the time its attempt finished, and its duration
 * metric recorded then too. An event for a call not (or no longer) in the map, such as a hedge loser finishing
 * after its call, is ignored; that loser's span was already ended with the call.
 */
final class TracingListener extends RouterListener {
  private final Tracer tracer;
  private final GenAiMetrics metrics;
  private final MessageContent content; // null unless content capture was opted in
  private final ConcurrentHashMap<Long, CallState> calls = new ConcurrentHashMap<>();
  /** Span names by route or model ({@code route support}, {@code chat gpt-4o-mini}): built once, not per call. */
  private final ConcurrentHashMap<String, String> routeNames = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> modelNames = new ConcurrentHashMap<>();
  /**
   * Wall-clock nanoseconds at {@link #anchorNanoTime}. Every span this listener starts or ends is timed from this
   * one anchor (a monotonic clock from then on), so durations are exact and no {@code Instant} is made per span.
   */
  private final long anchorEpochNanos;
  private final long anchorNanoTime;

  private final String conversationIdKey; // null: none
  private final List<MetadataAttribute> metadataAttributes;

  TracingListener(Tracer tracer, GenAiMetrics metrics, MessageContent content, String conversationIdKey, List<String> metadataKeys) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.content = content;
    this.conversationIdKey = conversationIdKey;
    List<MetadataAttribute> attributes = new ArrayList<>();
    for (String k : metadataKeys) attributes.add(new MetadataAttribute(k, AttributeKey.stringKey("crossfeed.metadata." + k)));
    this.metadataAttributes = List.copyOf(attributes);
    Instant now = Instant.now();
    this.anchorNanoTime = System.nanoTime();
    this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private long epochNanos() {
    return anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
  }

  private static String name(ConcurrentHashMap<String, String> names, String prefix, String value) {
    String n = names.get(value);
    if (n != null) return n;
    n = prefix + value;
    if (names.size() < 1024) names.put(value, n); // bounded: route and model names come from configuration
    return n;
  }

  /** Calls started and not finished, for tests: 0 once every call finished. */
  int liveCalls() {
    return calls.size();
  }

  private record MetadataAttribute(String key, AttributeKey<String> attribute) {}

  private CallState call(CallInfo call) {
    return calls.get(call.id());
  }

  @Override
  public void callStarted(RouteEvent.CallStarted e) {
    CallInfo call = e.call();
    if (call.kind() == CallInfo.Kind.EMBEDDING) return; // embeddings are not chat operations: not traced here
    Context parent = Context.current();
    SpanBuilder b =
        tracer
            .spanBuilder(name(routeNames, "route ", call.route()))
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(Crossfeed.ROUTE, call.route())
            .setAttribute(Crossfeed.CALL_ID, call.id())
            .setStartTimestamp(epochNanos(), TimeUnit.NANOSECONDS);
    String conversation = null;
    if (!call.metadata().isEmpty()) {
      if (conversationIdKey != null) conversation = call.metadata().get(conversationIdKey);
      if (conversation != null) b.setAttribute(GenAi.CONVERSATION_ID, conversation);
      for (MetadataAttribute m : metadataAttributes) {
        String v = call.metadata().get(m.key());
        if (v != null) b.setAttribute(m.attribute(), v);
      }
    }
    Span span = b.startSpan();
    calls.put(call.id(), new CallState(call.kind() == CallInfo.Kind.STREAM, null, conversation, span, parent.with(span)));
  }

  @Override
  public void attemptStarted(RouteEvent.AttemptStarted e) {
    CallState call = call(e.call());
    if (call == null) return;
    String operation = GenAi.chatOperation(e.provider());
    SpanBuilder b =
        tracer
            .spanBuilder(operation)
            .setParent(call.context)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAi.OPERATION_NAME, operation)
            .setAttribute(GenAi.PROVIDER_NAME, GenAi.providerName(e.provider()))
            .setAttribute(Crossfeed.MODEL, e.model())
            .setAttribute(Crossfeed.ATTEMPT, (long) e.attempt())
            .setStartTimestamp(epochNanos(), TimeUnit.NANOSECONDS);
    if (e.hedged()) b.setAttribute(Crossfeed.HEDGE, true);
    if (call.stream) b.setAttribute(GenAi.REQUEST_STREAM, true);
    if (call.conversation != null) b.setAttribute(GenAi.CONVERSATION_ID, call.conversation);
    if (call.request != null) requestAttributes(b, call.request);
    synchronized (call) {
      if (call.pendingFallbackReason != null) b.setAttribute(Crossfeed.FALLBACK_REASON, call.pendingFallbackReason.name());
      if (call.pendingWait != null) b.setAttribute(Crossfeed.RETRY_WAIT, seconds(call.pendingWait));
      call.pendingFallbackReason = null;
      call.pendingWait = null;
      call.attempts.add(new AttemptState(e.attempt(), e.model(), e.provider(), operation, b.startSpan()));
    }
  }

  private static void requestAttributes(SpanBuilder b, ChatRequest r) {
    r.model().ifPresent(m -> b.setAttribute(GenAi.REQUEST_MODEL, m));
    r.temperature().ifPresent(t -> b.setAttribute(GenAi.REQUEST_TEMPERATURE, t));
    r.topP().ifPresent(t -> b.setAttribute(GenAi.REQUEST_TOP_P, t));
    r.maxOutputTokens().ifPresent(t -> b.setAttribute(GenAi.REQUEST_MAX_TOKENS, (long) t));
    if (!r.stop().isEmpty()) b.setAttribute(GenAi.REQUEST_STOP_SEQUENCES, r.stop());
    if (r.responseFormat().type() != ResponseFormat.Type.TEXT) b.setAttribute(GenAi.OUTPUT_TYPE, "json");
  }

  @Override
  public void attemptFinished(RouteEvent.AttemptFinished e) {
    CallState call = call(e.call());
    if (call == null) return;
    AttemptState a;
    synchronized (call) {
      a = call.attempt(e.attempt());
      if (a == null || a.finished) return;
      a.finished = true;
      a.endedAt = epochNanos();
      a.failure = e.failure().orElse(null);
      a.error = e.error().orElse(null);
      a.latency = e.result().latency();
    }
    Span span = a.span;
    if (a.failure != null) span.setAttribute(Crossfeed.OUTCOME, a.failure.name());
    e.result().status().ifPresent(s -> span.setAttribute(Crossfeed.HTTP_STATUS, (long) s));
    // the id the provider was asked for, as its failure names it; an answer names its model at the call's end
    if (a.error != null && !a.error.model().isEmpty()) a.requestModel = a.error.model();
    if (a.failure != null && !cancelledByRouter(a)) {
      span.setAttribute(GenAi.ERROR_TYPE, a.failure.name());
      span.setStatus(StatusCode.ERROR);
    }
    if (e.timeToFirstToken().isPresent()) {
      Duration ttft = e.timeToFirstToken().get();
      a.timeToFirstChunk = ttft;
      span.setAttribute(GenAi.RESPONSE_TIME_TO_FIRST_CHUNK, seconds(ttft));
      span.addEvent(Crossfeed.EVENT_FIRST_CHUNK, a.endedAt - a.latency.toNanos() + ttft.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** A hedge loser, or an attempt still running when its call ended: cancelled by the router, not failed. */
  private static boolean cancelledByRouter(AttemptState a) {
    return a.failure == Failure.CANCELLED;
  }

  @Override
  public void retryScheduled(RouteEvent.RetryScheduled e) {
    CallState call = call(e.call());
    if (call == null) return;
    synchronized (call) {
      call.pendingWait = e.delay();
    }
    call.span.addEvent(
        Crossfeed.EVENT_RETRY,
        Attributes.of(
            Crossfeed.MODEL, e.model(),
            Crossfeed.REASON, e.reason().name(),
            Crossfeed.RETRY_WAIT, seconds(e.delay()),
            Crossfeed.RETRY_AFTER, e.retryAfter()));
  }

  @Override
  public void fallback(RouteEvent.Fallback e) {
    CallState call = call(e.call());
    if (call == null) return;
    synchronized (call) {
      call.pendingFallbackReason = e.reason();
    }
    call.span.addEvent(
        Crossfeed.EVENT_FALLBACK,
        Attributes.of(Crossfeed.FALLBACK_FROM, e.from(), Crossfeed.FALLBACK_TO, e.to(), Crossfeed.REASON, e.reason().name()));
  }

  @Override
  public void hedgeStarted(RouteEvent.HedgeStarted e) {
    CallState call = call(e.call());
    if (call == null) return;
    call.span.addEvent(Crossfeed.EVENT_HEDGE, Attributes.of(Crossfeed.HEDGE_RUNNING, e.running(), Crossfeed.MODEL, e.hedge()));
  }

  @Override
  public void modelSkipped(RouteEvent.ModelSkipped e) {
    CallState call = call(e.call());
    if (call == null) return;
    call.span.addEvent(
        Crossfeed.EVENT_SKIPPED,
        Attributes.of(Crossfeed.MODEL, e.model(), Crossfeed.REASON, e.reason().name(), Crossfeed.DETAIL, e.detail()));
  }

  @Override
  public void callFinished(RouteEvent.CallFinished e) {
    CallState call = calls.remove(e.call().id());
    if (call == null) return;
    long now = epochNanos();
    ChatModelException failure = e.failure().orElse(null);
    ChatResponse answer = e.response().orElse(failure == null ? null : failure.partialResponse().orElse(null));
    List<AttemptState> attempts;
    AttemptState answering;
    synchronized (call) {
      attempts = new ArrayList<>(call.attempts);
      answering = answer == null ? null : call.answering(failure == null ? null : failure.failure());
    }
    if (answering != null) answered(call, answering, answer, e.usage());

    Span span = call.span;
    span.setAttribute(Crossfeed.ATTEMPTS, (long) attempts.size());
    if (answering != null) span.setAttribute(Crossfeed.MODEL, answering.model);
    e.cost().ifPresent(c -> span.setAttribute(Crossfeed.COST_USD, c.totalUsd()));
    if (failure != null) {
      span.setAttribute(GenAi.ERROR_TYPE, failure.failure().name());
      span.setStatus(StatusCode.ERROR);
    }
    for (AttemptState a : attempts) {
      if (a.requestModel != null) {
        a.span.setAttribute(GenAi.REQUEST_MODEL, a.requestModel);
        a.span.updateName(a.operation.equals("chat") ? name(modelNames, "chat ", a.requestModel) : a.operation + ' ' + a.requestModel);
      }
      if (a.endedAt == 0) {
        a.span.end(now, TimeUnit.NANOSECONDS); // the router never reported this attempt's end: it ends with its call
        continue;
      }
      String errorType = a.failure == null || cancelledByRouter(a) ? null : a.failure.name();
      String model = a.requestModel != null ? a.requestModel : a.model;
      metrics.duration(a.operation, a.provider, model, a == answering ? a.responseModel : null, errorType, seconds(a.latency));
      if (a.timeToFirstChunk != null) metrics.timeToFirstChunk(a.operation, a.provider, model, seconds(a.timeToFirstChunk));
      a.span.end(a.endedAt, TimeUnit.NANOSECONDS);
    }
    span.end(now, TimeUnit.NANOSECONDS);
  }

  /** Puts the answer's model, id, finish reason, usage and (if opted in) content on the attempt that gave it. */
  private void answered(CallState call, AttemptState a, ChatResponse r, Usage usage) {
    Span span = a.span;
    if (!r.model().isEmpty()) {
      a.responseModel = r.model();
      span.setAttribute(GenAi.RESPONSE_MODEL, r.model());
      if (a.requestModel == null) a.requestModel = r.model();
    }
    r.requestId().ifPresent(id -> span.setAttribute(GenAi.RESPONSE_ID, id));
    span.setAttribute(GenAi.RESPONSE_FINISH_REASONS, GenAi.finishReasons(r.finishReason()));
    Usage u = usage.totalTokens() > 0 ? usage : r.usage();
    if (u.totalTokens() > 0) {
      span.setAttribute(GenAi.USAGE_INPUT_TOKENS, u.inputTokens());
      span.setAttribute(GenAi.USAGE_OUTPUT_TOKENS, u.outputTokens());
      if (u.cachedInputTokens() > 0) span.setAttribute(GenAi.USAGE_CACHE_READ_INPUT_TOKENS, u.cachedInputTokens());
      if (u.reasoningTokens() > 0) span.setAttribute(GenAi.USAGE_REASONING_OUTPUT_TOKENS, u.reasoningTokens());
      metrics.tokens(a.operation, a.provider, a.requestModel != null ? a.requestModel : a.model, a.responseModel, u);
    }
    if (content != null) {
      if (call.request != null) {
        String system = content.systemInstructions(call.request.messages());
        if (!system.isEmpty()) span.setAttribute(GenAi.SYSTEM_INSTRUCTIONS, system);
        span.setAttribute(GenAi.INPUT_MESSAGES, content.inputMessages(call.request.messages()));
        String tools = content.toolDefinitions(call.request.tools());
        if (!tools.isEmpty()) span.setAttribute(GenAi.TOOL_DEFINITIONS, tools);
      }
      span.setAttribute(GenAi.OUTPUT_MESSAGES, content.outputMessages(r));
    }
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static final class CallState {
    final boolean stream;
    final ChatRequest request; // null until the router reports it
    final String conversation; // null: none
    final Span span;
    final Context context;
    final ArrayList<AttemptState> attempts = new ArrayList<>(2);
    Failure pendingFallbackReason;
    Duration pendingWait;

    CallState(boolean stream, ChatRequest request, String conversation, Span span, Context context) {
      this.stream = stream;
      this.request = request;
      this.conversation = conversation;
      this.span = span;
      this.context = context;
    }

    AttemptState attempt(int number) {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        if (attempts.get(i).number == number) return attempts.get(i);
      }
      return null;
    }

    /**
     * The attempt whose answer (or, when the call failed with {@code failure} and a partial answer, whose partial
     * answer) the call returned: the last finished attempt with that outcome.
     */
    AttemptState answering(Failure failure) {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        AttemptState a = attempts.get(i);
        if (a.finished && a.failure == failure) return a;
      }
      return null;
    }
  }

  private static final class AttemptState {
    final int number;
    final String model;
    final String provider;
    final String operation;
    final Span span;
    boolean finished;
    Failure failure;
    ChatModelException error;
    long endedAt; // epoch nanoseconds; 0 until the attempt finished
    Duration latency;
    Duration timeToFirstChunk;
    String requestModel;
    String responseModel;

    AttemptState(int number, String model, String provider, String operation, Span span) {
      this.number = number;
      this.model = model;
      this.provider = provider;
      this.operation = operation;
      this.span = span;
    }
  }
}
