package dev.crossfeed.adversarial;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/** Counts outcomes of one fuzz run and the worst cost of any one input (time, bytes allocated per input byte). */
final class Tally {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final String name;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Map<String, Integer> kinds = new TreeMap<>();
  private int inputs;
  private long inputBytes;
  private long maxNanos;
  private long maxAllocated;
  private long started = System.nanoTime();

  Tally(String name) {
    this.name = name;
  }

  /** Bytes allocated by the calling thread so far. */
  static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  void add(String kind, int bytes, String outcome, long nanos, long allocatedBytes) {
    inputs++;
    inputBytes += bytes;
    outcomes.merge(outcome, 1, Integer::sum);
    kinds.merge(kind, 1, Integer::sum);
    maxNanos = Math.max(maxNanos, nanos);
    maxAllocated = Math.max(maxAllocated, allocatedBytes);
  }

  int inputs() {
    return inputs;
  }

  Map<String, Integer> outcomes() {
    return outcomes;
  }

  long maxMillis() {
    return maxNanos / 1_000_000;
  }

  String summary() {
    return String.format(
        "%s: %d inputs (%.1f MB) in %d ms; outcomes %s; slowest input %d ms; most allocated by one input %.1f MB; mutations %s",
        name, inputs, inputBytes / 1e6, (System.nanoTime() - started) / 1_000_000, outcomes, maxMillis(),
        maxAllocated / 1e6, kinds);
  }
}
