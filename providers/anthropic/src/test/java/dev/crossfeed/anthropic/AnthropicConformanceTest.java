package dev.crossfeed.anthropic;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.testing.ChatModelConformanceKit;
import dev.crossfeed.testing.FakeAnthropicServer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shared conformance kit against {@link FakeAnthropicServer}, on the sync, async, stream and async-stream
 * paths. Anthropic has no embeddings API, so the kit's embedding scenarios are skipped by capability.
 */
class AnthropicConformanceTest extends ChatModelConformanceKit<FakeAnthropicServer> {
  @Override
  protected FakeAnthropicServer createServer() {
    return new FakeAnthropicServer();
  }

  @Override
  protected ChatModel createModel(FakeAnthropicServer server, Duration timeout) {
    return AnthropicChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey(ApiKey.of("sk-ant-conformance"))
        .model("claude-sonnet-4-5")
        .timeout(timeout)
        .build();
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING, Capability.REASONING);
  }

  @Override
  protected boolean reportsDetailedUsage() {
    return true;
  }
}
