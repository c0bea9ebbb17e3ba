package dev.crossfeed.benchmarks.observability;

import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least a listener can do to give a routed call the same two spans: a parent span per call and a child per
 * attempt, no attributes. What it costs is the OpenTelemetry SDK's share of {@code openTelemetry}'s figure.
 */
final class BareSpansListener extends RouterListener {
  private final Tracer tracer;
  private final ConcurrentHashMap<Long, Span> calls = new ConcurrentHashMap<>();

  BareSpansListener(OpenTelemetry otel) {
    tracer = otel.getTracer("bare");
  }

  @Override
  public void callStarted(RouteEvent.CallStarted e) {
    calls.put(e.call().id(), tracer.spanBuilder("route").startSpan());
  }

  @Override
  public void attemptStarted(RouteEvent.AttemptStarted e) {
    Span call = calls.get(e.call().id());
    tracer.spanBuilder("chat").setParent(Context.root().with(call)).startSpan().end();
  }

  @Override
  public void callFinished(RouteEvent.CallFinished e) {
    calls.remove(e.call().id()).end();
  }
}
