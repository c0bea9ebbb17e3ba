package dev.crossfeed.examples.cli;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a router's listener events into the demo's aligned lines (model, what happened, latency, why) and keeps
 * the per-model counts for the summary. Breaker changes that happen inside an attempt (opened by its failure,
 * closed by a probe's success) are printed after that attempt's line, so the story reads in order.
 */
final class DemoNarrator extends RouterListener {
  static final String ROW = "     %-7s %-28s %6s  %s";

  /** Counts per model, for the summary. */
  static final class Tally {
    int attempts;
    int answered;
    int failed;
    int skipped;
    int opened;
    int probes;
    double costUsd;
  }

  private final PrintStream out;
  private final int failureThreshold;
  private final Duration cooldown;
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final List<String> deferred = new ArrayList<>();

  DemoNarrator(PrintStream out, List<String> models, int failureThreshold, Duration cooldown) {
    this.out = out;
    this.failureThreshold = failureThreshold;
    this.cooldown = cooldown;
    for (String m : models) tallies.put(m, new Tally());
  }

  Map<String, Tally> tallies() {
    return tallies;
  }

  @Override
  public synchronized void attemptStarted(RouteEvent.AttemptStarted e) {
    inFlight.add(e.model());
    tally(e.model()).attempts++;
  }

  @Override
  public synchronized void attemptFinished(RouteEvent.AttemptFinished e) {
    RouteTrace.Attempt a = e.result();
    inFlight.remove(a.model());
    String latency = a.latency().toMillis() + "ms";
    if (a.succeeded()) {
      tally(a.model()).answered++;
      row(a.model(), "SUCCESS", latency, "answered");
    } else {
      tally(a.model()).failed++;
      Failure f = a.failure().orElseThrow();
      String what = f.name() + (a.status().isPresent() ? " (HTTP " + a.status().getAsInt() + ")" : "");
      row(a.model(), what, latency, why(f));
    }
    for (String line : deferred) out.println(line);
    deferred.clear();
  }

  @Override
  public synchronized void retryScheduled(RouteEvent.RetryScheduled e) {
    row(e.model(), "retry in " + e.delay().toMillis() + "ms", "", "backing off after " + e.reason() + " before trying it again");
  }

  @Override
  public synchronized void fallback(RouteEvent.Fallback e) {
    row(e.to(), "fallback from " + e.from(), "", "takes the call after " + e.from() + "'s " + e.reason());
  }

  @Override
  public synchronized void modelSkipped(RouteEvent.ModelSkipped e) {
    tally(e.model()).skipped++;
    row(e.model(), "skipped", "", e.detail());
  }

  @Override
  public synchronized void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
    String model = e.model();
    BreakerState from = e.from();
    BreakerState to = e.to();
    String why;
    switch (to) {
      case OPEN:
        tally(model).opened++;
        why = from == BreakerState.HALF_OPEN
            ? "the probe failed: " + model + " rests for another " + seconds(cooldown)
            : failureThreshold + " health failures in a row: calls skip " + model + " for " + seconds(cooldown);
        break;
      case HALF_OPEN:
        tally(model).probes++;
        why = "cooldown over: this call probes " + model;
        break;
      default:
        why = "the probe succeeded: " + model + " is back in rotation";
        break;
    }
    String line = String.format(Locale.ROOT, ROW, model, "circuit " + from + " -> " + to, "", why);
    if (inFlight.contains(model)) deferred.add(line);
    else out.println(line);
  }

  /** The closing line of a call: who answered, what, tokens and cost. */
  synchronized void answered(ChatResponse r) {
    String model = r.routeTrace().last().map(RouteTrace.Attempt::model).orElse(r.model());
    double cost = r.cost().map(c -> c.totalUsd()).orElse(0d);
    tally(model).costUsd += cost;
    out.printf(
        Locale.ROOT,
        "     => %s: \"%s\"  %d in + %d out tokens  %s%n",
        model,
        DemoCommand.shorten(r.text(), 44),
        r.usage().inputTokens(),
        r.usage().outputTokens(),
        usd(cost));
  }

  private Tally tally(String model) {
    return tallies.computeIfAbsent(model, m -> new Tally());
  }

  private void row(String model, String what, String latency, String why) {
    out.println(String.format(Locale.ROOT, ROW, model, what, latency, why));
  }

  static String why(Failure f) {
    switch (f) {
      case OVERLOADED:
        return "overloaded: the next healthy model takes the call at once, no sleep";
      case SERVER_ERROR:
        return "server error: the next healthy model takes the call at once";
      case RATE_LIMITED:
        return "rate limited: the model rests for its Retry-After, others take the call";
      case CONNECTION:
        return "connection lost before the first token: nothing reached the caller, fail over";
      case TIMEOUT:
        return "no answer in time: fail over";
      case STREAM_INTERRUPTED:
        return "cut after content reached the caller: not replayed";
      default:
        return f.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  static String usd(double usd) {
    return String.format(Locale.ROOT, "$%.7f", usd);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
