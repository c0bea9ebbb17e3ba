package dev.crossfeed.spring.boot;

import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.RouterListener;
import java.time.Duration;
import java.util.List;

/**
 * Every {@link RouterListener} bean of the context, as the one listener a router takes, in bean order. Each
 * listener's own exception is the router's to catch and log; a throwing listener does not keep the next one from
 * hearing the event, because the router calls this chain, which calls each in turn inside its own guard.
 */
final class ListenerChain extends RouterListener {
  private final List<RouterListener> listeners;

  private ListenerChain(List<RouterListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  static RouterListener of(List<RouterListener> listeners) {
    if (listeners.isEmpty()) return RouterListener.NONE;
    if (listeners.size() == 1) return listeners.get(0);
    return new ListenerChain(listeners);
  }

  private interface Call {
    void on(RouterListener l);
  }

  private void each(Call call) {
    for (RouterListener l : listeners) {
      try {
        call.on(l);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ListenerChain.class).warn("RouterListener {} threw", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void attemptStarted(String route, String model, int attempt, boolean hedged) {
    each(l -> l.attemptStarted(route, model, attempt, hedged));
  }

  @Override
  public void attemptFinished(String route, RouteTrace.Attempt attempt) {
    each(l -> l.attemptFinished(route, attempt));
  }

  @Override
  public void retryScheduled(String route, String model, Failure reason, Duration delay) {
    each(l -> l.retryScheduled(route, model, reason, delay));
  }

  @Override
  public void fallback(String route, String from, String to, Failure reason) {
    each(l -> l.fallback(route, from, to, reason));
  }

  @Override
  public void hedgeStarted(String route, String running, String hedge) {
    each(l -> l.hedgeStarted(route, running, hedge));
  }

  @Override
  public void breakerStateChanged(String route, String model, BreakerState from, BreakerState to) {
    each(l -> l.breakerStateChanged(route, model, from, to));
  }

  @Override
  public void modelSkipped(String route, String model, String reason) {
    each(l -> l.modelSkipped(route, model, reason));
  }
}
