package dev.crossfeed.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1, paired: the same three calls as {@link ChatCallBenchmark} (floor, {@link OpenAiChatModel}, a three-way
 * {@link Router}), plus the floor with a 120 s OkHttp call timeout (the providers' default whole-call bound, whose cost
 * is OkHttp's), interleaved call by call in one benchmark operation, in a rotating order, each timed with
 * {@code System.nanoTime()} and its caller-thread allocation read from the thread's allocation counter. On a shared,
 * noisy machine, load that comes and goes hits the three alike, so their ratios hold even when separate benchmarks
 * (run minutes apart) disagree. {@link Pairs} sums the figures; {@link BenchMain} divides them by {@code rounds}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PairedChatBenchmark {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  Rig rig;
  FloorClient timedFloor;
  OpenAiChatModel provider;
  Router router;

  /** Per-thread sums of nanoseconds and caller-thread bytes for each of the three calls. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Pairs {
    public long floorNanos;
    public long providerNanos;
    public long routerNanos;
    public long floorBytes;
    public long providerBytes;
    public long routerBytes;
    public long timedFloorNanos;
    public long timedFloorBytes;
    public long rounds;
    int turn;

    @Setup(Level.Iteration)
    public void reset() {
      floorNanos = providerNanos = routerNanos = 0;
      floorBytes = providerBytes = routerBytes = 0;
      timedFloorNanos = timedFloorBytes = 0;
      rounds = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    timedFloor = rig.timedFloor(Rig.OK);
    provider = rig.provider(Rig.OK);
    router = Rig.threeWay(provider, rig.provider(Rig.OK), rig.provider(Rig.OK)).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  /** One call of each kind, in an order that rotates every operation. */
  @Benchmark
  public Object interleaved(Pairs p) throws IOException {
    Object last = null;
    int first = p.turn;
    p.turn = (p.turn + 1) % 4;
    for (int k = 0; k < 4; k++) {
      int which = (first + k) % 4;
      long b0 = THREADS.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      if (which == 0) last = rig.floor.chat(Payloads.MODEL, Rig.USER_TEXT);
      else if (which == 1) last = provider.chat(rig.request);
      else if (which == 2) last = router.chat(rig.request);
      else last = timedFloor.chat(Payloads.MODEL, Rig.USER_TEXT);
      long t = System.nanoTime() - t0;
      long b = THREADS.getCurrentThreadAllocatedBytes() - b0;
      if (which == 0) {
        p.floorNanos += t;
        p.floorBytes += b;
      } else if (which == 1) {
        p.providerNanos += t;
        p.providerBytes += b;
      } else if (which == 2) {
        p.routerNanos += t;
        p.routerBytes += b;
      } else {
        p.timedFloorNanos += t;
        p.timedFloorBytes += b;
      }
    }
    p.rounds++;
    return last;
  }
}
