package dev.crossfeed;

/**
 * What a call cost in US dollars, computed from {@link Usage} and the prices in {@link ModelInfo}.
 *
 * @param inputUsd cost of input tokens (cached ones at the cached price when known)
 * @param outputUsd cost of output tokens
 */
public record Cost(double inputUsd, double outputUsd) {
  public static final Cost ZERO = new Cost(0, 0);

  public double totalUsd() {
    return inputUsd + outputUsd;
  }

  public Cost plus(Cost other) {
    return new Cost(inputUsd + other.inputUsd, outputUsd + other.outputUsd);
  }
}
