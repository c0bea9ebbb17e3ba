package dev.crossfeed.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.RouteTrace;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON lines of {@code chat --trace} (on stderr) and {@code --repeat} (on stdout), written with Jackson:
 *
 * <pre>
 * {"event":"attempt","model":"gpt","outcome":"SERVER_ERROR","status":503,"latencyMs":12}
 * {"event":"result","model":"claude","inputTokens":9,"outputTokens":9,"costUsd":0.0000123}
 * {"event":"failure","failure":"OVERLOADED","status":503,"message":"..."}
 * </pre>
 *
 * <p>{@code model} is the route's name for the model; {@code status} and {@code costUsd} are null when unknown.
 * Costs are plain decimals (never exponent notation), rounded to 12 decimal places.
 */
final class TraceLines {
  static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private TraceLines() {}

  /** One line per attempt, then the result line. */
  static List<String> success(ChatResponse r) {
    List<String> lines = attempts(r.routeTrace());
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "result");
    n.put("model", answeredBy(r));
    n.put("inputTokens", r.usage().inputTokens());
    n.put("outputTokens", r.usage().outputTokens());
    if (r.cost().isPresent()) n.put("costUsd", usd(r.cost().get().totalUsd()));
    else n.putNull("costUsd");
    lines.add(write(n));
    return lines;
  }

  /** One line per attempt, then a failure line (the final failure kind, its status and message). */
  static List<String> failure(ChatModelException e, Redactor redactor) {
    List<String> lines = attempts(e.routeTrace());
    ObjectNode n = JSON.createObjectNode();
    n.put("event", "failure");
    n.put("failure", e.failure().name());
    if (e.status().isPresent()) n.put("status", e.status().getAsInt());
    else n.putNull("status");
    n.put("message", redactor.scrub(e.getMessage()));
    lines.add(write(n));
    return lines;
  }

  static List<String> attempts(RouteTrace trace) {
    List<String> lines = new ArrayList<>(trace.attempts().size() + 1);
    for (RouteTrace.Attempt a : trace.attempts()) {
      ObjectNode n = JSON.createObjectNode();
      n.put("event", "attempt");
      n.put("model", a.model());
      n.put("outcome", a.outcome());
      if (a.status().isPresent()) n.put("status", a.status().getAsInt());
      else n.putNull("status");
      n.put("latencyMs", a.latency().toMillis());
      lines.add(write(n));
    }
    return lines;
  }

  /** The route's name of the model that answered (the last attempt), else the provider's model id. */
  static String answeredBy(ChatResponse r) {
    return r.routeTrace().last().map(RouteTrace.Attempt::model).orElse(r.model());
  }

  static BigDecimal usd(double usd) {
    BigDecimal d = BigDecimal.valueOf(usd).setScale(12, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? BigDecimal.ZERO : d;
  }

  static String write(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e); // a tree of plain values always serialises
    }
  }
}
