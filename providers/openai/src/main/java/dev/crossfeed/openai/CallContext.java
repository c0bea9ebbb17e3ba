package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.ResponseMeta;

/** What one call needs to finish its answer: the host, the model asked for, and that model's prices. */
final class CallContext {
  final HostClient host;
  final String model;
  final ModelInfo info;

  CallContext(HostClient host, String model, ModelInfo info) {
    this.host = host;
    this.model = model;
    this.info = info;
  }

  /** Adds who answered, request id, rate limits and cost to an answer. */
  ChatResponse finish(ChatResponse.Builder b, Usage usage, String answeredModel, String bodyRequestId, ResponseMeta meta) {
    String requestId = meta.requestId().isEmpty() ? bodyRequestId : meta.requestId();
    return b.usage(usage)
        .provider(host.providerId)
        .model(answeredModel.isEmpty() ? model : answeredModel)
        .requestId(requestId)
        .rateLimits(meta.rateLimits())
        .cost(info.costOf(usage).orElse(null))
        .build();
  }

  /** A request id in the body: Groq's {@code x_groq.id}, else the completion id ({@code gen-…} on OpenRouter). */
  static String bodyRequestId(JsonNode root) {
    String groq = Wire.text(root.get("x_groq"), "id");
    return groq.isEmpty() ? Wire.text(root, "id") : groq;
  }

  /** The classified failure for an {@code error} object in a 200 body or stream event. */
  ChatModelException error(JsonNode root, ResponseMeta meta) {
    return host.http.error(0, ErrorBodies.parse(root), meta, model);
  }

  /** The failure for a finish reason that means the host gave up (Mistral/OpenRouter {@code error}, DeepSeek). */
  ChatModelException errorFinish(String reason, ResponseMeta meta) {
    Failure f = reason.equals("insufficient_system_resource") ? Failure.OVERLOADED : Failure.SERVER_ERROR;
    return ChatModelException.builder(f)
        .provider(host.providerId)
        .model(model)
        .requestId(meta.requestId())
        .rateLimits(meta.rateLimits())
        .detail("the host ended the answer with finish_reason " + reason)
        .build();
  }
}
