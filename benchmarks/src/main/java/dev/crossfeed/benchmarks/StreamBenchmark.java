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
  FloorClient floorChunked;
  OpenAiChatModel providerChunked;

  @Setup(Level.Trial)
  public void setUp() {
    rig = new Rig();
    floor = rig.floor(Rig.STREAM_200);
    provider = rig.provider(Rig.STREAM_200);
    router = Rig.threeWay(provider, rig.provider(Rig.STREAM_200), rig.provider(Rig.STREAM_200)).build();
    floorChunked = rig.floor(Rig.STREAM_200_CHUNKED);
    providerChunked = rig.provider(Rig.STREAM_200_CHUNKED);
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

  /** The same answer in chunked encoding, as real providers send it: the floor reads to the end and closes. */
  @Benchmark
  public FloorClient.Answer floorChunked(FirstTokenClock clock, Connections connections) throws IOException {
    clock.start();
    long before = rig.server.connections();
    FloorClient.Answer a = floorChunked.stream(Payloads.MODEL, Rig.USER_TEXT, clock);
    connections.count(rig.server.connections() - before);
    return a;
  }

  /**
   * {@link OpenAiChatModel#stream} over the chunked answer; {@link Connections} counts the connections opened per
   * stream (0 when a finished stream returns its connection to the pool).
   */
  @Benchmark
  public ChatResponse providerChunked(FirstTokenClock clock, Connections connections) {
    long before = rig.server.connections();
    ChatResponse r = read(providerChunked, rig, clock);
    connections.count(rig.server.connections() - before);
    return r;
  }

  /** Connections the stub accepted during the streams of an iteration, and the streams. */
  @org.openjdk.jmh.annotations.AuxCounters(org.openjdk.jmh.annotations.AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Connections {
    public long newConnections;
    public long chunkedStreams;

    @Setup(Level.Iteration)
    public void reset() {
      newConnections = 0;
      chunkedStreams = 0;
    }

    void count(long opened) {
      newConnections += opened;
      chunkedStreams++;
    }
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
