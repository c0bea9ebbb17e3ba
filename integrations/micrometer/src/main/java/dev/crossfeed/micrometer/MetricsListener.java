package dev.crossfeed.micrometer;

import dev.crossfeed.routing.CallInfo;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;

/** Adapts the router's listener events to {@link CallRecorder}. */
final class MetricsListener extends RouterListener {
  private final CallRecorder recorder;

  MetricsListener(CallRecorder recorder) {
    this.recorder = recorder;
  }

  private static String id(CallInfo call) {
    return Long.toString(call.id());
  }

  @Override
  public void callStarted(RouteEvent.CallStarted e) {
    recorder.callStarted(id(e.call()), e.route(), e.call().kind() == CallInfo.Kind.STREAM);
  }

  @Override
  public void attemptStarted(RouteEvent.AttemptStarted e) {
    recorder.attemptStarted(id(e.call()), e.model(), e.provider(), e.attempt(), e.hedged());
  }

  @Override
  public void attemptFinished(RouteEvent.AttemptFinished e) {
    e.timeToFirstToken().ifPresent(t -> recorder.firstToken(id(e.call()), e.attempt(), t));
    recorder.attemptFinished(id(e.call()), e.route(), e.attempt(), e.result());
  }

  @Override
  public void retryScheduled(RouteEvent.RetryScheduled e) {
    recorder.retryScheduled(id(e.call()), e.route(), e.model(), e.reason(), e.delay());
  }

  @Override
  public void fallback(RouteEvent.Fallback e) {
    recorder.fallback(id(e.call()), e.route(), e.from(), e.to(), e.reason());
  }

  @Override
  public void hedgeStarted(RouteEvent.HedgeStarted e) {
    recorder.hedgeStarted(id(e.call()), e.route(), e.running(), e.hedge());
  }

  @Override
  public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
    recorder.breakerStateChanged(e.route(), e.model(), e.from(), e.to());
  }

  @Override
  public void modelSkipped(RouteEvent.ModelSkipped e) {
    recorder.modelSkipped(id(e.call()), e.route(), e.model(), e.detail());
  }

  @Override
  public void callFinished(RouteEvent.CallFinished e) {
    recorder.callCompleted(id(e.call()), e.response().orElse(null), e.failure().orElse(null));
  }
}
