package dev.crossfeed.opentelemetry;

import dev.crossfeed.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GenAI client metrics: {@code gen_ai.client.token.usage} (once per answered call and direction, only with
 * real counts), {@code gen_ai.client.operation.duration} (every attempt, with {@code error.type} on failure) and
 * {@code gen_ai.client.operation.time_to_first_chunk} (streamed attempts), with the conventions' bucket advice.
 *
 * <p>Attribute sets are built once per distinct combination and cached: their values are route-configured models
 * and providers, the {@code Failure} names and the two token types, so the cache stays small, and recording a
 * data point allocates nothing but the lookup key.
 */
final class GenAiMetrics {
  private final LongHistogram tokenUsage;
  private final DoubleHistogram duration;
  private final DoubleHistogram timeToFirstChunk;
  private final ConcurrentHashMap<Key, Attributes> attributes = new ConcurrentHashMap<>();

  GenAiMetrics(Meter meter) {
    tokenUsage =
        meter
            .histogramBuilder(GenAi.METRIC_TOKEN_USAGE)
            .ofLongs()
            .setUnit("{token}")
            .setDescription("Number of input and output tokens used.")
            .setExplicitBucketBoundariesAdvice(GenAi.TOKEN_BUCKETS)
            .build();
    duration =
        meter
            .histogramBuilder(GenAi.METRIC_OPERATION_DURATION)
            .setUnit("s")
            .setDescription("GenAI operation duration.")
            .setExplicitBucketBoundariesAdvice(GenAi.DURATION_BUCKETS)
            .build();
    timeToFirstChunk =
        meter
            .histogramBuilder(GenAi.METRIC_TIME_TO_FIRST_CHUNK)
            .setUnit("s")
            .setDescription("Time from sending the request to receiving the first chunk of a streamed answer.")
            .setExplicitBucketBoundariesAdvice(GenAi.DURATION_BUCKETS)
            .build();
  }

  void duration(String operation, String provider, String requestModel, String responseModel, String errorType, double seconds) {
    duration.record(seconds, attributes(new Key(operation, provider, requestModel, responseModel, errorType, null)));
  }

  void timeToFirstChunk(String operation, String provider, String requestModel, double seconds) {
    timeToFirstChunk.record(seconds, attributes(new Key(operation, provider, requestModel, null, null, null)));
  }

  void tokens(String operation, String provider, String requestModel, String responseModel, Usage usage) {
    tokenUsage.record(usage.inputTokens(), attributes(new Key(operation, provider, requestModel, responseModel, null, "input")));
    tokenUsage.record(usage.outputTokens(), attributes(new Key(operation, provider, requestModel, responseModel, null, "output")));
  }

  private Attributes attributes(Key key) {
    Attributes a = attributes.get(key);
    return a != null ? a : attributes.computeIfAbsent(key, Key::toAttributes);
  }

  private record Key(
      String operation, String provider, String requestModel, String responseModel, String errorType, String tokenType) {
    Attributes toAttributes() {
      AttributesBuilder b =
          Attributes.builder()
              .put(GenAi.OPERATION_NAME, operation)
              .put(GenAi.PROVIDER_NAME, GenAi.providerName(provider))
              .put(GenAi.REQUEST_MODEL, requestModel);
      if (responseModel != null && !responseModel.isEmpty()) b.put(GenAi.RESPONSE_MODEL, responseModel);
      if (errorType != null) b.put(GenAi.ERROR_TYPE, errorType);
      if (tokenType != null) b.put(GenAi.TOKEN_TYPE, tokenType);
      return b.build();
    }
  }
}
