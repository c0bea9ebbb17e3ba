package dev.crossfeed.opentelemetry;

import dev.crossfeed.FinishReason;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.Locale;

/**
 * The OpenTelemetry GenAI semantic conventions (v1.41, stability Development) that Crossfeed emits, and how
 * Crossfeed's values map onto them. The names are written out here rather than taken from
 * {@code semconv-incubating}, whose constants change between releases; the schema URL pins the version.
 */
final class GenAi {
  static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0";
  static final String INSTRUMENTATION_NAME = "dev.crossfeed";

  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
  static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> TOOL_DEFINITIONS = AttributeKey.stringKey("gen_ai.tool.definitions");

  static final String METRIC_TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String METRIC_TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  /** {@code ExplicitBucketBoundaries} advice for {@link #METRIC_TOKEN_USAGE}. */
  static final List<Long> TOKEN_BUCKETS =
      List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  /** {@code ExplicitBucketBoundaries} advice for the duration and time-to-first-chunk histograms, in seconds. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  private static final List<List<String>> FINISH_REASONS = new java.util.ArrayList<>();

  static {
    for (FinishReason r : FinishReason.values()) FINISH_REASONS.add(List.of(finishReason(r)));
  }

  private GenAi() {}

  /** {@code gen_ai.response.finish_reasons} of a one-choice answer, shared rather than built per call. */
  static List<String> finishReasons(FinishReason reason) {
    return FINISH_REASONS.get(reason.ordinal());
  }

  /**
   * {@code gen_ai.provider.name} for a Crossfeed provider id: the well-known value where one applies (it MUST be
   * used then), otherwise the id itself, which the conventions allow as a custom value ({@code ollama},
   * {@code openrouter}, {@code together}, ...).
   */
  static String providerName(String providerId) {
    switch (providerId) {
      case "gemini":
        return "gcp.gemini";
      case "vertex":
      case "vertex-ai":
        return "gcp.vertex_ai";
      case "bedrock":
        return "aws.bedrock";
      case "azure-openai":
        return "azure.ai.openai";
      case "mistral":
        return "mistral_ai";
      case "xai":
        return "x_ai";
      case "watsonx":
        return "ibm.watsonx.ai";
      default:
        return providerId.isEmpty() ? "_OTHER" : providerId;
    }
  }

  /** {@code gen_ai.operation.name} for a chat call to this provider: Gemini's API is {@code generate_content}. */
  static String chatOperation(String providerId) {
    return providerId.equals("gemini") || providerId.startsWith("vertex") ? "generate_content" : "chat";
  }

  /**
   * The finish reason as the conventions' output-message schema spells it ({@code stop}, {@code length},
   * {@code content_filter}, {@code tool_call}); Crossfeed normalises provider values, so the raw value is not
   * available.
   */
  static String finishReason(FinishReason reason) {
    switch (reason) {
      case STOP:
        return "stop";
      case LENGTH:
      case CONTEXT_LENGTH_EXCEEDED:
        return "length";
      case TOOL_CALLS:
        return "tool_call";
      case CONTENT_FILTERED:
        return "content_filter";
      default:
        return reason.name().toLowerCase(Locale.ROOT);
    }
  }
}
