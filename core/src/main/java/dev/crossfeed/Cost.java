package dev.crossfeed;

/**
 * What a call cost in US dollars, computed from {@link Usage} and the prices in {@link ModelInfo}.
 *
 * @param inputUsd cost of input tokens (cached ones at the cached price when known)
 * @param outputUsd cost of output tokens
 */
public record Cost(double inputUsd, double outputUsd) {
  /** Nothing: the cost of a call that used no tokens, and the start of a sum. */
  public static final Cost ZERO = new Cost(0, 0);

  /** {@return input plus output cost, in US dollars} */
  public double totalUsd() {
    return inputUsd + outputUsd;
  }

  /**
   * Adds two costs, e.g. every attempt of a routed call.
   *
   * @param other the cost to add
   * @return the sum, part by part
   */
  public Cost plus(Cost other) {
    return new Cost(inputUsd + other.inputUsd, outputUsd + other.outputUsd);
  }
}
