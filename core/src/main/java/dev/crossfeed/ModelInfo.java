package dev.crossfeed;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a model is: provider, id, context window, output limit, prices per million tokens and capabilities.
 * Immutable and thread-safe. Bundled values come from {@link ModelCatalog}; user settings override them.
 *
 * <pre>{@code
 * ModelInfo info = ModelInfo.builder("openai", "gpt-4o-mini").contextWindow(128_000)
 *     .prices(0.15, 0.60).capabilities(Capability.TOOLS, Capability.STREAMING).build();
 * }</pre>
 */
public final class ModelInfo {
  private final String provider;
  private final String id;
  private final Integer contextWindow;
  private final Integer maxOutputTokens;
  private final Double inputPricePerMTok;
  private final Double outputPricePerMTok;
  private final Double cachedInputPricePerMTok;
  private final Set<Capability> capabilities;

  private ModelInfo(Builder b) {
    provider = b.provider;
    id = b.id;
    contextWindow = b.contextWindow;
    maxOutputTokens = b.maxOutputTokens;
    inputPricePerMTok = b.inputPricePerMTok;
    outputPricePerMTok = b.outputPricePerMTok;
    cachedInputPricePerMTok = b.cachedInputPricePerMTok;
    capabilities = Set.copyOf(b.capabilities);
  }

  /**
   * Starts the info of a model; every figure not set stays unknown.
   *
   * @param provider the provider id, e.g. {@code openai}
   * @param id the model id, e.g. {@code gpt-4o-mini}
   * @return a new builder
   */
  public static Builder builder(String provider, String id) {
    return new Builder(provider, id);
  }

  /** {@return a builder pre-filled with this info} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the provider id, e.g. {@code openai}} */
  public String provider() {
    return provider;
  }

  /** {@return the model id as the provider names it} */
  public String id() {
    return id;
  }

  /** {@return input plus output tokens the model accepts, if known} */
  public OptionalInt contextWindow() {
    return contextWindow == null ? OptionalInt.empty() : OptionalInt.of(contextWindow);
  }

  /** {@return the most output tokens one answer may have, if known} */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  /** {@return USD per million input tokens, if known} */
  public OptionalDouble inputPricePerMTok() {
    return inputPricePerMTok == null ? OptionalDouble.empty() : OptionalDouble.of(inputPricePerMTok);
  }

  /** {@return USD per million output tokens, if known} */
  public OptionalDouble outputPricePerMTok() {
    return outputPricePerMTok == null ? OptionalDouble.empty() : OptionalDouble.of(outputPricePerMTok);
  }

  /** {@return USD per million cached input tokens, if known (else the input price applies)} */
  public OptionalDouble cachedInputPricePerMTok() {
    return cachedInputPricePerMTok == null ? OptionalDouble.empty() : OptionalDouble.of(cachedInputPricePerMTok);
  }

  /** {@return what the model can do (tools, vision, JSON schema, ...); empty when unknown} */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * Whether the model is known to have a capability.
   *
   * @param capability the capability
   * @return true if {@link #capabilities()} contains it
   */
  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }

  /**
   * The cost of {@code usage} at this model's prices, cached input tokens at the cached price when known.
   *
   * @param usage the tokens of a call
   * @return the cost, or empty when the prices are unknown
   */
  public Optional<Cost> costOf(Usage usage) {
    if (inputPricePerMTok == null || outputPricePerMTok == null) return Optional.empty();
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    double cachedPrice = cachedInputPricePerMTok != null ? cachedInputPricePerMTok : inputPricePerMTok;
    double input = ((usage.inputTokens() - cached) * inputPricePerMTok + cached * cachedPrice) / 1_000_000d;
    double output = usage.outputTokens() * outputPricePerMTok / 1_000_000d;
    return Optional.of(new Cost(input, output));
  }

  /**
   * This info with every setting {@code override} has replaced (provider and id are kept from {@code override}).
   *
   * @param override the settings that win
   * @return the merged info
   */
  public ModelInfo overriddenBy(ModelInfo override) {
    Builder b = newBuilder();
    b.provider = override.provider;
    b.id = override.id;
    if (override.contextWindow != null) b.contextWindow = override.contextWindow;
    if (override.maxOutputTokens != null) b.maxOutputTokens = override.maxOutputTokens;
    if (override.inputPricePerMTok != null) b.inputPricePerMTok = override.inputPricePerMTok;
    if (override.outputPricePerMTok != null) b.outputPricePerMTok = override.outputPricePerMTok;
    if (override.cachedInputPricePerMTok != null) b.cachedInputPricePerMTok = override.cachedInputPricePerMTok;
    if (!override.capabilities.isEmpty()) b.capabilities = EnumSet.copyOf(override.capabilities);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelInfo)) return false;
    ModelInfo m = (ModelInfo) o;
    return provider.equals(m.provider)
        && id.equals(m.id)
        && Objects.equals(contextWindow, m.contextWindow)
        && Objects.equals(maxOutputTokens, m.maxOutputTokens)
        && Objects.equals(inputPricePerMTok, m.inputPricePerMTok)
        && Objects.equals(outputPricePerMTok, m.outputPricePerMTok)
        && Objects.equals(cachedInputPricePerMTok, m.cachedInputPricePerMTok)
        && capabilities.equals(m.capabilities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, id, contextWindow, inputPricePerMTok, outputPricePerMTok, capabilities);
  }

  @Override
  public String toString() {
    return "ModelInfo{" + provider + '/' + id
        + (contextWindow != null ? ", contextWindow=" + contextWindow : "")
        + (inputPricePerMTok != null ? ", in=$" + inputPricePerMTok + "/MTok" : "")
        + (outputPricePerMTok != null ? ", out=$" + outputPricePerMTok + "/MTok" : "")
        + ", capabilities=" + capabilities + '}';
  }

  /** Builds a {@link ModelInfo}. Not thread-safe. */
  public static final class Builder {
    private String provider;
    private String id;
    private Integer contextWindow;
    private Integer maxOutputTokens;
    private Double inputPricePerMTok;
    private Double outputPricePerMTok;
    private Double cachedInputPricePerMTok;
    private EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);

    private Builder(String provider, String id) {
      this.provider = requireText(provider, "provider");
      this.id = requireText(id, "id");
    }

    private Builder(ModelInfo m) {
      provider = m.provider;
      id = m.id;
      contextWindow = m.contextWindow;
      maxOutputTokens = m.maxOutputTokens;
      inputPricePerMTok = m.inputPricePerMTok;
      outputPricePerMTok = m.outputPricePerMTok;
      cachedInputPricePerMTok = m.cachedInputPricePerMTok;
      capabilities = m.capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(m.capabilities);
    }

    private static String requireText(String s, String name) {
      Objects.requireNonNull(s, name + " == null");
      if (s.isBlank()) throw new IllegalArgumentException(name + " is blank");
      return s;
    }

    /**
     * Context window in tokens; null clears.
     *
     * @param tokens input plus output tokens the model accepts, at least 1
     * @return this builder
     */
    public Builder contextWindow(Integer tokens) {
      if (tokens != null && tokens < 1) throw new IllegalArgumentException("contextWindow must be >= 1: " + tokens);
      this.contextWindow = tokens;
      return this;
    }

    /**
     * Output cap in tokens; null clears.
     *
     * @param tokens the cap, at least 1
     * @return this builder
     */
    public Builder maxOutputTokens(Integer tokens) {
      if (tokens != null && tokens < 1) throw new IllegalArgumentException("maxOutputTokens must be >= 1: " + tokens);
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Input and output prices in USD per million tokens.
     *
     * @param inputPerMTok USD per million input tokens
     * @param outputPerMTok USD per million output tokens
     * @return this builder
     */
    public Builder prices(double inputPerMTok, double outputPerMTok) {
      return inputPricePerMTok(inputPerMTok).outputPricePerMTok(outputPerMTok);
    }

    /**
     * Sets the input price; null clears.
     *
     * @param usd USD per million input tokens, finite and at least 0
     * @return this builder
     */
    public Builder inputPricePerMTok(Double usd) {
      this.inputPricePerMTok = checkPrice(usd, "inputPricePerMTok");
      return this;
    }

    /**
     * Sets the output price; null clears.
     *
     * @param usd USD per million output tokens, finite and at least 0
     * @return this builder
     */
    public Builder outputPricePerMTok(Double usd) {
      this.outputPricePerMTok = checkPrice(usd, "outputPricePerMTok");
      return this;
    }

    /**
     * Sets the price of cached input tokens; null clears (the input price then applies).
     *
     * @param usd USD per million cached input tokens, finite and at least 0
     * @return this builder
     */
    public Builder cachedInputPricePerMTok(Double usd) {
      this.cachedInputPricePerMTok = checkPrice(usd, "cachedInputPricePerMTok");
      return this;
    }

    private static Double checkPrice(Double usd, String name) {
      if (usd != null && (usd.isNaN() || usd.isInfinite() || usd < 0)) {
        throw new IllegalArgumentException(name + " must be a finite number >= 0: " + usd);
      }
      return usd;
    }

    /**
     * Replaces the capabilities.
     *
     * @param capabilities what the model can do
     * @return this builder
     */
    public Builder capabilities(Capability... capabilities) {
      this.capabilities = EnumSet.noneOf(Capability.class);
      for (Capability c : capabilities) this.capabilities.add(Objects.requireNonNull(c, "capability == null"));
      return this;
    }

    /**
     * Replaces the capabilities.
     *
     * @param capabilities what the model can do, copied
     * @return this builder
     */
    public Builder capabilities(Set<Capability> capabilities) {
      this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
      return this;
    }

    /**
     * Adds a capability.
     *
     * @param capability something the model can do
     * @return this builder
     */
    public Builder addCapability(Capability capability) {
      capabilities.add(Objects.requireNonNull(capability, "capability == null"));
      return this;
    }

    /** {@return the immutable info} */
    public ModelInfo build() {
      return new ModelInfo(this);
    }
  }
}
