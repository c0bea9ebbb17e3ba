package dev.crossfeed.benchmarks;

import java.util.Map;

/**
 * One benchmark's result as the table needs it.
 *
 * @param key {@code Class.method}, with {@code [param=value]} when parameterised
 * @param score the primary score
 * @param error its 99.9% half-interval (NaN when JMH could not tell)
 * @param unit the score's unit, e.g. {@code us/op}
 * @param secondary secondary results by name ({@code gc.alloc.rate.norm}, aux counters)
 */
record Figure(String key, double score, double error, String unit, Map<String, Double> secondary) {
  Figure {
    secondary = Map.copyOf(secondary);
  }

  /** Bytes allocated per operation ({@code -prof gc}), or NaN without the profiler. */
  double allocBytes() {
    return secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN);
  }

  /** A secondary result, or NaN when absent. */
  double get(String name) {
    return secondary.getOrDefault(name, Double.NaN);
  }

  /** The ratio of two summed aux counters, or NaN. */
  double ratio(String numerator, String denominator) {
    double d = get(denominator);
    return d > 0 ? get(numerator) / d : Double.NaN;
  }
}
