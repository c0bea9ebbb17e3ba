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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 2a: one streamed answer of 200 SSE chunks (OpenAI {@code chat.completion.chunk} events plus role, finish,
 * usage and {@code [DONE]}), read to the end. The score is the total time; {@link FirstTokenClock} gives the time to
 * the first text piece. Floor vs {@link OpenAiChatModel#stream} vs {@link Router#stream} over three candidates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StreamBenchmark {
  Rig rig;
  FloorClient floor;
  OpenAiChatModel provider;
  Router router;

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    floor = rig.floor(Rig.STREAM_200);
    provider = rig.provider(Rig.STREAM_200);
    router = Rig.threeWay(provider, rig.provider(Rig.STREAM_200), rig.provider(Rig.STREAM_200)).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public FloorClient.Answer floor(FirstTokenClock clock) throws IOException {
    clock.start();
    return floor.stream(Payloads.MODEL, Rig.USER_TEXT, clock);
  }

  @Benchmark
  public ChatResponse provider(FirstTokenClock clock) {
    return read(provider, rig, clock);
  }

  @Benchmark
  public ChatResponse router(FirstTokenClock clock) {
    return read(router, rig, clock);
  }

  /** Streams one answer through {@code model}, timing its first text piece. */
  static ChatResponse read(ChatModel model, Rig rig, FirstTokenClock clock) {
    clock.start();
    try (ChatStream stream = model.stream(rig.request)) {
      for (StreamEvent e : stream) {
        if (e instanceof StreamEvent.TextDelta) clock.text();
      }
      return stream.response();
    }
  }
}
