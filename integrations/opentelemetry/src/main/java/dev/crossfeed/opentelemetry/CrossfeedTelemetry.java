package dev.crossfeed.opentelemetry;

import dev.crossfeed.routing.RouterListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * OpenTelemetry traces and metrics for Crossfeed routers, per the GenAI semantic conventions (v1.41). Add its
 * {@linkplain #listener() listener} to a router and each routed call becomes a span tree:
 *
 * <pre>
 * route support              INTERNAL  crossfeed.route, crossfeed.call.id, crossfeed.attempts, crossfeed.model
 * │                                    (who answered), crossfeed.cost.usd, error.type; events crossfeed.fallback,
 * │                                    crossfeed.retry, crossfeed.hedge, crossfeed.model_skipped
 * ├─ chat gpt-4o-mini        CLIENT    gen_ai.*, crossfeed.attempt=1, error.type=SERVER_ERROR
 * └─ chat claude-haiku-4-5   CLIENT    gen_ai.* with usage and finish reasons, crossfeed.attempt=2,
 *                                      crossfeed.fallback.reason=SERVER_ERROR
 * </pre>
 *
 * <pre>{@code
 * CrossfeedTelemetry telemetry = CrossfeedTelemetry.create(openTelemetry);
 * Router router = Router.builder()
 *     .model("gpt", gpt).model("claude", claude)
 *     .listener(telemetry.listener())
 *     .build();
 * }</pre>
 *
 * <p>Attempt spans carry {@code gen_ai.operation.name} ({@code chat}, or {@code generate_content} for Gemini),
 * {@code gen_ai.provider.name} (the conventions' well-known value where one applies, e.g. {@code gcp.gemini},
 * {@code azure.ai.openai}, else the provider id), {@code gen_ai.request.model}, the request parameters sent
 * ({@code temperature}, {@code top_p}, {@code max_tokens}, {@code stop_sequences}, {@code gen_ai.output.type}),
 * {@code gen_ai.request.stream} for streams, and on the attempt that answered {@code gen_ai.response.model},
 * {@code gen_ai.response.id}, {@code gen_ai.response.finish_reasons} and {@code gen_ai.usage.*} (input, output,
 * cache read, reasoning). A failed attempt has status ERROR and {@code error.type} = the {@code Failure} name
 * ({@code RATE_LIMITED}, {@code STREAM_INTERRUPTED}, ...); a hedge loser the router cancelled is not an error
 * ({@code crossfeed.outcome=CANCELLED}).
 *
 * <p>Metrics: {@code gen_ai.client.operation.duration} per attempt (with {@code error.type} on failure),
 * {@code gen_ai.client.token.usage} per answered call ({@code gen_ai.token.type} input and output, only with
 * reported counts) and {@code gen_ai.client.operation.time_to_first_chunk} per streamed attempt, with the
 * conventions' bucket advice. The tracer and meter are named {@code dev.crossfeed}, schema URL
 * {@code https://opentelemetry.io/schemas/1.41.0}.
 *
 * <p>Prompts and answers are recorded only when {@linkplain Builder#captureMessageContent opted in}.
 *
 * <p>Thread-safe; one instance (and one listener) may serve many routers.
 */
public final class CrossfeedTelemetry {
  private final TracingListener listener;

  private CrossfeedTelemetry(Builder b) {
    Tracer t = b.openTelemetry.tracerBuilder(GenAi.INSTRUMENTATION_NAME).setSchemaUrl(GenAi.SCHEMA_URL).build();
    Meter m = b.openTelemetry.meterBuilder(GenAi.INSTRUMENTATION_NAME).setSchemaUrl(GenAi.SCHEMA_URL).build();
    listener =
        new TracingListener(
            t,
            new GenAiMetrics(m),
            b.captureContent ? new MessageContent(b.maxContentLength) : null,
            b.conversationIdKey,
            List.copyOf(b.metadataKeys));
  }

  /**
   * Traces and metrics on {@code openTelemetry}, without message content.
   *
   * @param openTelemetry the application's OpenTelemetry (SDK or {@code GlobalOpenTelemetry.get()})
   * @return the instance whose {@link #listener()} to add to routers
   */
  public static CrossfeedTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts a configuration recording on {@code openTelemetry}.
   *
   * @param openTelemetry the application's OpenTelemetry (SDK or {@code GlobalOpenTelemetry.get()})
   * @return a builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * The listener to add to each router to be traced.
   *
   * @return always the same instance
   */
  public RouterListener listener() {
    return listener;
  }

  /** Calls started and not yet completed: for tests. */
  int liveCalls() {
    return listener.liveCalls();
  }

  /** Configures a {@link CrossfeedTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;
    private int maxContentLength = 8192;
    private String conversationIdKey;
    private final Set<String> metadataKeys = new LinkedHashSet<>();

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry == null");
    }

    /**
     * Records prompts and answers on the answering attempt's span: {@code gen_ai.system_instructions},
     * {@code gen_ai.input.messages}, {@code gen_ai.output.messages} and {@code gen_ai.tool.definitions} (names and
     * descriptions; parameter schemas left out), as JSON strings. Default off: prompts and answers often hold
     * personal data, and spans are stored and shown widely. Image bytes are never recorded.
     *
     * @param capture true to record content
     * @return this builder
     */
    public Builder captureMessageContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * Cuts each captured text value (a message, an instruction, tool-call arguments) to {@code chars} characters,
     * marked with {@code …}, keeping the JSON valid; default 8192.
     *
     * @param chars the most characters kept of each text value
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is below 1
     */
    public Builder maxContentLength(int chars) {
      if (chars < 1) throw new IllegalArgumentException("maxContentLength must be >= 1: " + chars);
      this.maxContentLength = chars;
      return this;
    }

    /**
     * Sets {@code gen_ai.conversation.id} on every span of a call from the request metadata entry {@code key}
     * ({@code ChatRequest.builder().metadata(key, id)}), for calls that carry one; default none.
     *
     * @param key the metadata key holding the conversation id
     * @return this builder
     */
    public Builder conversationIdFromMetadata(String key) {
      this.conversationIdKey = requireKey(key);
      return this;
    }

    /**
     * Copies these request metadata entries onto each call span as {@code crossfeed.metadata.<key>} (tenant,
     * feature, user tier, ...), for calls that carry them; default none. Metadata is the caller's: copy only keys
     * whose values may be stored with traces.
     *
     * @param keys the metadata keys to copy
     * @return this builder
     */
    public Builder metadataAttributes(String... keys) {
      for (String k : keys) metadataKeys.add(requireKey(k));
      return this;
    }

    private static String requireKey(String key) {
      Objects.requireNonNull(key, "key == null");
      if (key.isBlank()) throw new IllegalArgumentException("metadata key is blank");
      return key;
    }

    /**
     * Builds the configured instance.
     *
     * @return a new instance
     */
    public CrossfeedTelemetry build() {
      return new CrossfeedTelemetry(this);
    }
  }
}
