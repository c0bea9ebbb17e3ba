package dev.crossfeed.benchmarks.observability;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Cost;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;

/**
 * An in-memory model that answers at once with one prebuilt response (usage, cost, request id), so a router over
 * it measures routing plus telemetry and nothing else.
 */
final class InstantModel implements ChatModel {
  private final ModelInfo info;
  private final ChatResponse response;

  InstantModel(String provider, String id) {
    info = ModelInfo.builder(provider, id).contextWindow(128_000).prices(0.15, 0.60).capabilities(Capability.STREAMING).build();
    response =
        ChatResponse.builder()
            .text("The capital of France is Paris.")
            .finishReason(FinishReason.STOP)
            .usage(new Usage(24, 9, 8, 0))
            .cost(new Cost(0.0000036, 0.0000054))
            .provider(provider)
            .model(id + "-2024-07-18")
            .requestId("req_" + id)
            .build();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
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
