package dev.crossfeed.spring.boot;

import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
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
  public void callStarted(RouteEvent.CallStarted e) {
    each(l -> l.callStarted(e));
  }

  @Override
  public void attemptStarted(RouteEvent.AttemptStarted e) {
    each(l -> l.attemptStarted(e));
  }

  @Override
  public void attemptFinished(RouteEvent.AttemptFinished e) {
    each(l -> l.attemptFinished(e));
  }

  @Override
  public void retryScheduled(RouteEvent.RetryScheduled e) {
    each(l -> l.retryScheduled(e));
  }

  @Override
  public void fallback(RouteEvent.Fallback e) {
    each(l -> l.fallback(e));
  }

  @Override
  public void hedgeStarted(RouteEvent.HedgeStarted e) {
    each(l -> l.hedgeStarted(e));
  }

  @Override
  public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
    each(l -> l.breakerStateChanged(e));
  }

  @Override
  public void modelSkipped(RouteEvent.ModelSkipped e) {
    each(l -> l.modelSkipped(e));
  }

  @Override
  public void callFinished(RouteEvent.CallFinished e) {
    each(l -> l.callFinished(e));
  }
}
