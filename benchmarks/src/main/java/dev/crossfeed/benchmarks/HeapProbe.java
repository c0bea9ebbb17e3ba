package dev.crossfeed.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread JMH counters for the heap a stream retains: before each call the heap is collected and its live size
 * noted; in the middle of the stream (after the reader paused, as a slow reader would) it is collected again and the
 * growth added to {@code retainedBytes}; {@code samples} counts the calls. {@link BenchMain} divides them.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class HeapProbe {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  public long retainedBytes;
  public long samples;
  private long baseline;

  @Setup(Level.Iteration)
  public void reset() {
    retainedBytes = 0;
    samples = 0;
  }

  /** Collects the heap and notes its live size before a call. */
  @Setup(Level.Invocation)
  public void before() {
    baseline = liveHeap();
  }

  /** Collects the heap mid-stream and records what the call retains. */
  void sample() {
    retainedBytes += Math.max(0, liveHeap() - baseline);
    samples++;
  }

  static long liveHeap() {
    System.gc();
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
