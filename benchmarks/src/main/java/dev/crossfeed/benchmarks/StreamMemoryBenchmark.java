package dev.crossfeed.benchmarks;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 2b: memory of a large streamed answer, 1 MB vs 10 MB of text in 512-character chunks. Each call reads half
 * the stream, pauses {@value #PAUSE_MS} ms (a reader slower than the network), and {@link HeapProbe} measures the heap
 * the call retains at that point; {@code -prof gc} gives the bytes allocated per call. Flat memory means: retained
 * heap beyond the answer text itself does not grow with the answer, and allocation per answer byte is constant.
 * Every variant assembles the whole answer (the floor too), because a {@code ChatResponse} carries it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class StreamMemoryBenchmark {
  static final int CHUNK_CHARS = 512;
  static final long PAUSE_MS = 50;

  @Param({"1", "10"})
  public int sizeMb;

  Rig rig;
  FloorClient floor;
  OpenAiChatModel provider;
  Router router;
  int chunks;

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    chunks = sizeMb * 1024 * 1024 / CHUNK_CHARS;
    String scenario = "sse" + sizeMb + "mb";
    rig.server.route(scenario, Payloads.streamResponder(chunks, Payloads.text(CHUNK_CHARS)));
    floor = rig.floor(scenario);
    provider = rig.provider(scenario);
    router = Rig.threeWay(provider, rig.provider(scenario), rig.provider(scenario)).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public FloorClient.Answer floor(HeapProbe probe) throws IOException {
    int[] seen = {0};
    return floor.stream(Payloads.MODEL, Rig.USER_TEXT, text -> {
      if (++seen[0] == chunks / 2) pauseAndSample(probe);
    });
  }

  @Benchmark
  public ChatResponse provider(HeapProbe probe) {
    return read(provider, probe);
  }

  @Benchmark
  public ChatResponse router(HeapProbe probe) {
    return read(router, probe);
  }

  private ChatResponse read(ChatModel model, HeapProbe probe) {
    int seen = 0;
    try (ChatStream stream = model.stream(rig.request)) {
      for (StreamEvent e : stream) {
        if (e instanceof StreamEvent.TextDelta && ++seen == chunks / 2) pauseAndSample(probe);
      }
      return stream.response();
    }
  }

  private static void pauseAndSample(HeapProbe probe) {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    probe.sample();
  }
}
