package dev.crossfeed;

import dev.crossfeed.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat request, provider-neutral. Immutable and thread-safe; build with {@link #builder()} and derive
 * variants with {@link #newBuilder()}.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .system("Answer in one line.")
 *     .user("What is the capital of France?")
 *     .temperature(0.2)
 *     .maxOutputTokens(100)
 *     .build();
 * }</pre>
 *
 * <p>Unset settings are left to the provider's defaults (except Anthropic's required {@code max_tokens},
 * which its provider fills). {@link #extraFields()} are merged into the provider's JSON body: an escape hatch for
 * provider-specific options; values must be JSON-like ({@code String}, {@code Number}, {@code Boolean},
 * {@code null}, {@code List} and {@code Map} of those). Every provider merges them by one rule, so a request means
 * the same thing whichever member of a route answers: a {@code Map} merges key by key into the object the provider
 * wrote under that name (recursively), any other value replaces it, and a name the provider did not write is
 * added.
 */
public final class ChatRequest {
  private final List<Message> messages;
  private final String model;
  private final Double temperature;
  private final Double topP;
  private final Integer maxOutputTokens;
  private final List<String> stop;
  private final List<ToolSpec> tools;
  private final ToolChoice toolChoice;
  private final ResponseFormat responseFormat;
  private final Duration timeout;
  private final Map<String, String> metadata;
  private final Map<String, Object> extraFields;

  private ChatRequest(Builder b) {
    this.messages = List.copyOf(b.messages);
    this.model = b.model;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.maxOutputTokens = b.maxOutputTokens;
    this.stop = List.copyOf(b.stop);
    this.tools = List.copyOf(b.tools);
    this.toolChoice = b.toolChoice;
    this.responseFormat = b.responseFormat;
    this.timeout = b.timeout;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraFields));
  }

  /** Copies {@code r}, sharing its immutable collections, with another model override and timeout. */
  private ChatRequest(ChatRequest r, String model, Duration timeout) {
    this.messages = r.messages;
    this.model = model;
    this.temperature = r.temperature;
    this.topP = r.topP;
    this.maxOutputTokens = r.maxOutputTokens;
    this.stop = r.stop;
    this.tools = r.tools;
    this.toolChoice = r.toolChoice;
    this.responseFormat = r.responseFormat;
    this.timeout = timeout;
    this.metadata = r.metadata;
    this.extraFields = r.extraFields;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * This request with another timeout (null clears it; beyond 100 years it is clamped to 100 years). Cheaper than
   * {@link #newBuilder()}: nothing is copied but the reference to each immutable part, so routers can bound every
   * attempt without allocating much.
   *
   * @throws IllegalArgumentException if the timeout is zero or negative
   */
  public ChatRequest withTimeout(Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new ChatRequest(this, model, timeout == null ? null : Durations.clamp(timeout));
  }

  /**
   * This request with another model override (null clears it), sharing everything else.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public ChatRequest withModel(String model) {
    if (model != null && model.isBlank()) throw new IllegalArgumentException("model is blank");
    return new ChatRequest(this, model, timeout);
  }

  /** A request with one user message. */
  public static ChatRequest of(String userText) {
    return builder().user(userText).build();
  }

  /** {@return a builder pre-filled with this request} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  public List<Message> messages() {
    return messages;
  }

  /** Overrides the model configured on the {@link ChatModel}, if set. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  public OptionalDouble topP() {
    return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
  }

  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  public List<String> stop() {
    return stop;
  }

  public List<ToolSpec> tools() {
    return tools;
  }

  /** {@return tool choice; empty means the provider's default (auto when tools are given)} */
  public Optional<ToolChoice> toolChoice() {
    return Optional.ofNullable(toolChoice);
  }

  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  /** {@return bound on this whole call (for a router: all attempts together)} */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** {@return free-form tags for listeners and logs; never sent to the provider} */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** {@return provider-specific fields merged into the request body by the rule in the class description} */
  public Map<String, Object> extraFields() {
    return extraFields;
  }

  /** {@return true if any user message has an image part} */
  public boolean hasImages() {
    for (Message m : messages) {
      if (m instanceof Message.User && ((Message.User) m).hasImages()) return true;
    }
    return false;
  }

  /**
   * A rough input size in tokens (characters / 4 plus overheads), used by routers to skip models whose
   * context window is too small. Not a tokenizer.
   */
  public long estimatedInputTokens() {
    long chars = 0;
    int images = 0;
    for (Message m : messages) {
      chars += 16;
      if (m instanceof Message.System) {
        chars += ((Message.System) m).text().length();
      } else if (m instanceof Message.User) {
        for (ContentPart p : ((Message.User) m).parts()) {
          if (p instanceof ContentPart.Text) chars += ((ContentPart.Text) p).text().length();
          else images++;
        }
      } else if (m instanceof Message.Assistant) {
        Message.Assistant a = (Message.Assistant) m;
        chars += a.text().length();
        for (ToolCall c : a.toolCalls()) chars += c.name().length() + c.argumentsJson().length();
      } else {
        chars += ((Message.ToolResult) m).content().length();
      }
    }
    for (ToolSpec t : tools) chars += t.name().length() + t.description().length() + t.parametersJsonSchema().length();
    return chars / 4 + images * 1000L;
  }

  @Override
  public String toString() {
    return "ChatRequest{messages="
        + messages.size()
        + (model != null ? ", model=" + model : "")
        + (tools.isEmpty() ? "" : ", tools=" + tools.size())
        + ", responseFormat="
        + responseFormat.type()
        + '}';
  }

  /** Builds a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private final List<Message> messages = new ArrayList<>();
    private String model;
    private Double temperature;
    private Double topP;
    private Integer maxOutputTokens;
    private final List<String> stop = new ArrayList<>();
    private final List<ToolSpec> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat = ResponseFormat.TEXT;
    private Duration timeout;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Object> extraFields = new LinkedHashMap<>();

    private Builder() {}

    private Builder(ChatRequest r) {
      messages.addAll(r.messages);
      model = r.model;
      temperature = r.temperature;
      topP = r.topP;
      maxOutputTokens = r.maxOutputTokens;
      stop.addAll(r.stop);
      tools.addAll(r.tools);
      toolChoice = r.toolChoice;
      responseFormat = r.responseFormat;
      timeout = r.timeout;
      metadata.putAll(r.metadata);
      extraFields.putAll(r.extraFields);
    }

    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /** Replaces all messages. */
    public Builder messages(List<? extends Message> messages) {
      Objects.requireNonNull(messages, "messages == null");
      this.messages.clear();
      for (Message m : messages) message(m);
      return this;
    }

    public Builder system(String text) {
      return message(Message.system(text));
    }

    public Builder user(String text) {
      return message(Message.user(text));
    }

    public Builder user(ContentPart... parts) {
      return message(Message.user(parts));
    }

    public Builder assistant(String text) {
      return message(Message.assistant(text));
    }

    /** Overrides the model the {@link ChatModel} was built for; null clears. */
    public Builder model(String model) {
      if (model != null && model.isBlank()) throw new IllegalArgumentException("model is blank");
      this.model = model;
      return this;
    }

    /** Sampling temperature, 0 to 2; null clears. */
    public Builder temperature(Double temperature) {
      if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
        throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling, in (0, 1]; null clears. */
    public Builder topP(Double topP) {
      if (topP != null && (topP.isNaN() || topP <= 0 || topP > 1)) {
        throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
      }
      this.topP = topP;
      return this;
    }

    /** Output token cap, at least 1; null clears. */
    public Builder maxOutputTokens(Integer maxOutputTokens) {
      if (maxOutputTokens != null && maxOutputTokens < 1) {
        throw new IllegalArgumentException("maxOutputTokens must be >= 1: " + maxOutputTokens);
      }
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    public Builder stop(List<String> stop) {
      Objects.requireNonNull(stop, "stop == null");
      this.stop.clear();
      for (String s : stop) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("stop sequence is empty");
        this.stop.add(s);
      }
      return this;
    }

    public Builder tool(ToolSpec tool) {
      Objects.requireNonNull(tool, "tool == null");
      for (ToolSpec t : tools) {
        if (t.name().equals(tool.name())) throw new IllegalArgumentException("duplicate tool name: " + tool.name());
      }
      tools.add(tool);
      return this;
    }

    /** Replaces all tools. */
    public Builder tools(List<ToolSpec> tools) {
      Objects.requireNonNull(tools, "tools == null");
      this.tools.clear();
      for (ToolSpec t : tools) tool(t);
      return this;
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat == null");
      return this;
    }

    /** Bound on the whole call; null clears. Beyond 100 years it is clamped to 100 years ({@link Durations#MAX}). */
    public Builder timeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout == null ? null : Durations.clamp(timeout);
      return this;
    }

    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * A provider-specific body field, merged as-is (overriding what Crossfeed would send). Nested maps and lists
     * are copied deeply here, so changing them afterwards changes neither this builder nor a built request; the
     * request holds them unmodifiable.
     */
    public Builder extraField(String name, Object value) {
      Objects.requireNonNull(name, "name == null");
      extraFields.put(name, copyJsonLike(name, value, 0));
      return this;
    }

    /** An immutable deep copy of a JSON-like value, checked on the way. */
    private static Object copyJsonLike(String name, Object v, int depth) {
      if (depth > 32) throw new IllegalArgumentException("extra field " + name + " nests too deep");
      if (v == null || v instanceof String || v instanceof Boolean) return v;
      if (v instanceof Number) {
        // the mutable Numbers (AtomicLong, LongAdder...) become their value; the JDK's value types stay
        if (v instanceof java.util.concurrent.atomic.AtomicInteger || v instanceof java.util.concurrent.atomic.AtomicLong
            || v instanceof java.util.concurrent.atomic.LongAdder) {
          return ((Number) v).longValue();
        }
        if (v instanceof java.util.concurrent.atomic.DoubleAdder) return ((Number) v).doubleValue();
        return v;
      }
      if (v instanceof Map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (!(e.getKey() instanceof String)) throw new IllegalArgumentException("extra field " + name + " has a non-string key");
          copy.put((String) e.getKey(), copyJsonLike(name, e.getValue(), depth + 1));
        }
        return Collections.unmodifiableMap(copy);
      }
      if (v instanceof List) {
        List<Object> copy = new ArrayList<>();
        for (Object o : (List<?>) v) copy.add(copyJsonLike(name, o, depth + 1));
        return Collections.unmodifiableList(copy);
      }
      throw new IllegalArgumentException(
          "extra field " + name + " holds a " + v.getClass().getName() + "; use String, Number, Boolean, List or Map");
    }

    /**
     * @throws IllegalStateException if there are no messages, or a tool choice names a tool not given
     */
    public ChatRequest build() {
      if (messages.isEmpty()) throw new IllegalStateException("no messages");
      if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.SPECIFIC) {
        String name = toolChoice.toolName().orElseThrow();
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
          throw new IllegalStateException("toolChoice names unknown tool: " + name);
        }
      }
      if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
        throw new IllegalStateException("toolChoice REQUIRED without tools");
      }
      return new ChatRequest(this);
    }
  }
}
