package dev.crossfeed.routing;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.ModelInfo;

/** One named model of a router, with what it can do and its health. */
final class Member {
  static final int NEEDS_TOOLS = 1;
  static final int NEEDS_VISION = 2;
  static final int NEEDS_JSON_SCHEMA = 4;
  static final int NEEDS_STREAMING = 8;

  final String name;
  final ChatModel chat;
  final EmbeddingModel embedder;
  final ModelInfo info;
  final int weight;
  final Health health;
  /** Only the content-filter policy fallback, not a regular candidate. */
  final boolean policyOnly;
  /** Bitmask of NEEDS_* this model can serve; all bits when its capabilities are unknown (empty). */
  private final int serves;
  /** Context window in tokens, or 0 when unknown. */
  final long contextWindow;

  Member(
      String name, ChatModel chat, EmbeddingModel embedder, ModelInfo info, int weight, boolean policyOnly, Settings s, int maxConcurrency,
      int requestsPerMinute) {
    this.name = name;
    this.chat = chat;
    this.embedder = embedder;
    this.info = info;
    this.weight = weight;
    this.policyOnly = policyOnly;
    this.health = new Health(name, s, maxConcurrency, requestsPerMinute);
    this.contextWindow = info.contextWindow().orElse(0);
    if (info.capabilities().isEmpty()) {
      serves = NEEDS_TOOLS | NEEDS_VISION | NEEDS_JSON_SCHEMA | NEEDS_STREAMING;
    } else {
      serves =
          (info.supports(Capability.TOOLS) ? NEEDS_TOOLS : 0)
              | (info.supports(Capability.VISION) ? NEEDS_VISION : 0)
              | (info.supports(Capability.JSON_SCHEMA) ? NEEDS_JSON_SCHEMA : 0)
              | (info.supports(Capability.STREAMING) ? NEEDS_STREAMING : 0);
    }
  }

  /** Can serve a request with these needs (NEEDS_* bits) and this estimated input; embeddings: needs < 0. */
  boolean capable(int needs) {
    if (needs < 0) return embedder != null;
    return chat != null && (needs & serves) == needs;
  }

  boolean fits(long estimatedInputTokens) {
    return contextWindow == 0 || estimatedInputTokens <= contextWindow;
  }

  @Override
  public String toString() {
    return name;
  }
}
