package dev.crossfeed.micrometer;

import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.RouterListener;
import java.time.Duration;

/** Adapts the router's listener events to {@link CallRecorder}. */
final class MetricsListener extends RouterListener {
  private final CallRecorder recorder;

  MetricsListener(CallRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void attemptFinished(String route, RouteTrace.Attempt attempt) {
    recorder.attemptFinished(null, route, 0, attempt);
  }

  @Override
  public void retryScheduled(String route, String model, Failure reason, Duration delay) {
    recorder.retryScheduled(null, route, model, reason, delay);
  }

  @Override
  public void fallback(String route, String from, String to, Failure reason) {
    recorder.fallback(null, route, from, to, reason);
  }

  @Override
  public void hedgeStarted(String route, String running, String hedge) {
    recorder.hedgeStarted(null, route, running, hedge);
  }

  @Override
  public void breakerStateChanged(String route, String model, BreakerState from, BreakerState to) {
    recorder.breakerStateChanged(route, model, from, to);
  }

  @Override
  public void modelSkipped(String route, String model, String reason) {
    recorder.modelSkipped(null, route, model, reason);
  }
}
