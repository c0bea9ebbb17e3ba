package dev.crossfeed.benchmarks;

import java.util.function.Consumer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread JMH counters for time to first token: {@code ttftNanos} sums, over the streams of an iteration, the time
 * from the call's start to its first text piece; {@code streams} counts them. Their ratio is the mean time to first
 * token ({@link BenchMain} divides them); JMH reports both as secondary results.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class FirstTokenClock implements Consumer<String> {
  public long ttftNanos;
  public long streams;
  private long start;
  private boolean seen;

  @Setup(Level.Iteration)
  public void reset() {
    ttftNanos = 0;
    streams = 0;
  }

  /** Marks the start of a call. */
  void start() {
    start = System.nanoTime();
    seen = false;
  }

  /** Marks a text piece; the first one of a call is timed. */
  @Override
  public void accept(String text) {
    if (seen) return;
    seen = true;
    ttftNanos += System.nanoTime() - start;
    streams++;
  }

  /** Same as {@link #accept} for callers without a text. */
  void text() {
    accept(null);
  }
}
