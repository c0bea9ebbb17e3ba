package dev.crossfeed.routing;

import dev.crossfeed.ChatRequest;
import java.util.concurrent.atomic.AtomicInteger;

/** Orders a router's candidates for one call according to its {@link Strategy}. */
final class Strategies {
  /** Output tokens assumed by {@link Strategy#LOWEST_COST} when the request sets no maximum. */
  static final long ASSUMED_OUTPUT_TOKENS = 500;

  private final Strategy strategy;
  private final AtomicInteger turn = new AtomicInteger();

  Strategies(Strategy strategy) {
    this.strategy = strategy;
  }

  /**
   * The candidates in the order to try them. Returns {@code candidates} itself (never modified) when the order
   * is the declared one, else a new array.
   */
  Member[] order(Member[] candidates, ChatRequest request, long estimatedInput, boolean stream, Settings s) {
    int n = candidates.length;
    if (n < 2) return candidates;
    switch (strategy) {
      case ROUND_ROBIN:
        {
          int start = Math.floorMod(turn.getAndIncrement(), n);
          if (start == 0) return candidates;
          Member[] out = new Member[n];
          for (int i = 0; i < n; i++) out[i] = candidates[(start + i) % n];
          return out;
        }
      case WEIGHTED:
        return weighted(candidates, s);
      case LEAST_LATENCY:
        {
          double[] keys = new double[n];
          for (int i = 0; i < n; i++) {
            double v = candidates[i].health.latencyScore(stream);
            keys[i] = Double.isNaN(v) ? -1 : v; // unmeasured first, so every model gets measured
          }
          return sorted(candidates, keys);
        }
      case LOWEST_COST:
        {
          double[] keys = new double[n];
          long out = request == null ? 0 : request.maxOutputTokens().orElse((int) ASSUMED_OUTPUT_TOKENS);
          for (int i = 0; i < n; i++) {
            var info = candidates[i].info;
            if (info.inputPricePerMTok().isPresent() && info.outputPricePerMTok().isPresent()) {
              keys[i] = estimatedInput * info.inputPricePerMTok().getAsDouble() + out * info.outputPricePerMTok().getAsDouble();
            } else {
              keys[i] = Double.POSITIVE_INFINITY; // unknown prices last
            }
          }
          return sorted(candidates, keys);
        }
      case LEAST_BUSY:
        {
          double[] keys = new double[n];
          for (int i = 0; i < n; i++) keys[i] = candidates[i].health.inFlight.get();
          return sorted(candidates, keys);
        }
      default:
        return candidates;
    }
  }

  /** A random order where each next model is drawn in proportion to its weight among those left. */
  private static Member[] weighted(Member[] candidates, Settings s) {
    int n = candidates.length;
    Member[] out = candidates.clone();
    long left = 0;
    for (Member m : out) left += m.weight;
    for (int i = 0; i < n - 1; i++) {
      long r = (long) (s.random.nextDouble() * left);
      int pick = i;
      for (int j = i; j < n; j++) {
        r -= out[j].weight;
        if (r < 0) {
          pick = j;
          break;
        }
      }
      Member chosen = out[pick];
      System.arraycopy(out, i, out, i + 1, pick - i); // keep the declared order among the rest
      out[i] = chosen;
      left -= chosen.weight;
    }
    return out;
  }

  /** Stable insertion sort by ascending key (n is small). */
  private static Member[] sorted(Member[] candidates, double[] keys) {
    int n = candidates.length;
    Member[] out = candidates.clone();
    for (int i = 1; i < n; i++) {
      Member m = out[i];
      double k = keys[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > k) {
        out[j + 1] = out[j];
        keys[j + 1] = keys[j];
        j--;
      }
      out[j + 1] = m;
      keys[j + 1] = k;
    }
    return out;
  }
}
