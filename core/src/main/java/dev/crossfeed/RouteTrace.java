package dev.crossfeed;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every attempt a router made for one call, in the order they started. Carried by {@link ChatResponse} and
 * {@link ChatModelException}; empty for a direct provider call.
 *
 * @param attempts the attempts, oldest first
 */
public record RouteTrace(List<Attempt> attempts) {
  /** No attempt: the trace of a direct provider call. */
  public static final RouteTrace EMPTY = new RouteTrace(List.of());

  /**
   * Copies the attempts.
   *
   * @param attempts the attempts, oldest first
   */
  public RouteTrace {
    attempts = List.copyOf(attempts);
  }

  /** {@return the last attempt, if any} */
  public Optional<Attempt> last() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /**
   * One attempt on one model.
   *
   * @param model the route's name for the model (e.g. {@code gpt}), or the model id
   * @param provider provider id
   * @param failure why it failed; empty on success
   * @param status HTTP status when there was one
   * @param latency from start to answer (or failure); for streams to the end of the attempt
   * @param hedged true if this attempt was started as a hedge while another was in flight
   */
  public record Attempt(
      String model, String provider, Optional<Failure> failure, OptionalInt status, Duration latency, boolean hedged) {
    /**
     * Checks every field is there.
     *
     * @param model the route's name for the model
     * @param provider provider id
     * @param failure why it failed; empty on success
     * @param status HTTP status when there was one
     * @param latency from start to answer or failure
     * @param hedged true if started as a hedge
     */
    public Attempt {
      Objects.requireNonNull(model, "model == null");
      Objects.requireNonNull(provider, "provider == null");
      Objects.requireNonNull(failure, "failure == null");
      Objects.requireNonNull(status, "status == null");
      Objects.requireNonNull(latency, "latency == null");
    }

    /** {@return true if this attempt answered} */
    public boolean succeeded() {
      return failure.isEmpty();
    }

    /** {@return {@code SUCCESS} or the failure's name} */
    public String outcome() {
      return failure.map(Enum::name).orElse("SUCCESS");
    }
  }
}
