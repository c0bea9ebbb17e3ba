package dev.crossfeed.benchmarks;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-memory {@link ChatModel} that answers at once with a prebuilt response (or always fails), so a router over
 * such models measures the router alone. Counts its calls.
 */
final class InstantModel implements ChatModel {
  private final ModelInfo info;
  private final ChatResponse response;
  private final ChatModelException failure;
  final LongAdder calls = new LongAdder();

  private InstantModel(String id, Failure fails) {
    info = ModelInfo.builder("instant", id).contextWindow(128_000).prices(0.15, 0.60).capabilities(Capability.STREAMING, Capability.TOOLS).build();
    response =
        ChatResponse.builder()
            .text(Payloads.ANSWER_TEXT)
            .finishReason(FinishReason.STOP)
            .usage(Usage.of(9, 9))
            .provider("instant")
            .model(id)
            .requestId("req_" + id)
            .build();
    failure = fails == null ? null : ChatModelException.builder(fails).provider("instant").model(id).status(503).build();
  }

  /** A model that always answers. */
  static InstantModel answering(String id) {
    return new InstantModel(id, null);
  }

  /** A model that always fails with {@code failure}. */
  static InstantModel failing(String id, Failure failure) {
    return new InstantModel(id, failure);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    calls.increment();
    if (failure != null) throw failure;
    return response;
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    throw new UnsupportedOperationException("InstantModel does not stream");
  }

  @Override
  public ModelInfo info() {
    return info;
  }
}
