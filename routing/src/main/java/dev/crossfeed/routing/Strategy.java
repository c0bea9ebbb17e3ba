package dev.crossfeed.routing;

import java.util.Locale;

/**
 * How a {@link Router} orders its candidate models for a call. Every strategy first drops the models that cannot
 * serve the request (missing tools, vision or JSON-schema support, or a context window smaller than the
 * request's estimated input), then orders the rest; unhealthy models (open circuit, cooldown, rate limit about
 * to run out) are passed over while a healthy one remains.
 */
public enum Strategy {
  /** The declared order: the first model unless it fails. */
  FALLBACK("fallback"),
  /** A random first choice in proportion to the configured weights (default 1 each), then the others. */
  WEIGHTED("weighted"),
  /** Each call starts at the next model in turn. */
  ROUND_ROBIN("round-robin"),
  /**
   * The lowest moving average (EWMA) of latency: whole-answer time for {@code chat}, time to first token for
   * streams. Models without a measurement yet come first, so each gets measured.
   */
  LEAST_LATENCY("least-latency"),
  /**
   * The lowest estimated cost for this request from the models' prices (estimated input tokens, and
   * {@code maxOutputTokens} or 500 output tokens). Models without known prices come last.
   */
  LOWEST_COST("lowest-cost"),
  /** The fewest calls in flight through this router; ties keep the declared order. */
  LEAST_BUSY("least-busy");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  /** {@return the name used in config files, e.g. {@code round-robin}} */
  public String id() {
    return id;
  }

  /**
   * The strategy with this config name ({@code fallback}, {@code weighted}, {@code round-robin},
   * {@code least-latency}, {@code lowest-cost}, {@code least-busy}); the enum constant name is accepted too.
   *
   * @param id the id as written in config files, e.g. {@code ordered}
   * @return the strategy
   * @throws IllegalArgumentException for an unknown name
   */
  public static Strategy fromId(String id) {
    for (Strategy s : values()) {
      if (s.id.equals(id) || s.name().equals(id.toUpperCase(Locale.ROOT).replace('-', '_'))) return s;
    }
    throw new IllegalArgumentException("unknown strategy '" + id + "'");
  }
}
