package dev.crossfeed;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's answer: text, tool calls, why it stopped, usage and, where known, cost, plus who answered and
 * how the route got there. Immutable and thread-safe.
 *
 * <pre>{@code
 * ChatResponse r = model.chat(request);
 * System.out.println(r.text() + " (" + r.usage().outputTokens() + " tokens from " + r.model() + ")");
 * }</pre>
 */
public final class ChatResponse {
  private final String text;
  private final String reasoning;
  private final List<ToolCall> toolCalls;
  private final FinishReason finishReason;
  private final Usage usage;
  private final Cost cost;
  private final String provider;
  private final String model;
  private final String requestId;
  private final RateLimits rateLimits;
  private final RouteTrace routeTrace;
  private final String routeMember;

  private ChatResponse(Builder b) {
    this.text = b.text;
    this.reasoning = b.reasoning;
    this.toolCalls = List.copyOf(b.toolCalls);
    this.finishReason = b.finishReason;
    this.usage = b.usage;
    this.cost = b.cost;
    this.provider = b.provider;
    this.model = b.model;
    this.requestId = b.requestId;
    this.rateLimits = b.rateLimits;
    this.routeTrace = b.routeTrace;
    this.routeMember = b.routeMember;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the answer's text; empty when the model only called tools} */
  public String text() {
    return text;
  }

  /** {@return reasoning/thinking text, where the provider returns it; empty otherwise} */
  public String reasoning() {
    return reasoning;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  public FinishReason finishReason() {
    return finishReason;
  }

  public Usage usage() {
    return usage;
  }

  /** {@return cost in USD, when the model's prices are known} */
  public Optional<Cost> cost() {
    return Optional.ofNullable(cost);
  }

  /** {@return provider id of the model that answered, e.g. {@code openai}} */
  public String provider() {
    return provider;
  }

  /** {@return the model that answered, as the provider named it (e.g. {@code gpt-4o-mini-2024-07-18})} */
  public String model() {
    return model;
  }

  /** {@return the provider's request id, for support tickets} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** {@return rate-limit headers on the response; {@link RateLimits#NONE} if none} */
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** {@return the attempts a router made; {@link RouteTrace#EMPTY} for a direct call} */
  public RouteTrace routeTrace() {
    return routeTrace;
  }

  /**
   * Which member of a router answered, by the router's name for it (e.g. {@code claude}), where {@link #model()} is
   * the provider's model id (e.g. {@code claude-haiku-4-5}); empty for a direct call.
   */
  public Optional<String> routeMember() {
    return Optional.ofNullable(routeMember);
  }

  @Override
  public String toString() {
    return "ChatResponse{provider="
        + provider
        + ", model="
        + model
        + ", finishReason="
        + finishReason
        + ", text="
        + (text.length() > 60 ? text.substring(0, 60) + "…" : text)
        + (toolCalls.isEmpty() ? "" : ", toolCalls=" + toolCalls.size())
        + ", usage="
        + usage
        + '}';
  }

  /** Builds a {@link ChatResponse}. Not thread-safe. */
  public static final class Builder {
    private String text = "";
    private String reasoning = "";
    private List<ToolCall> toolCalls = List.of();
    private FinishReason finishReason = FinishReason.STOP;
    private Usage usage = Usage.ZERO;
    private Cost cost;
    private String provider = "";
    private String model = "";
    private String requestId;
    private RateLimits rateLimits = RateLimits.NONE;
    private RouteTrace routeTrace = RouteTrace.EMPTY;
    private String routeMember;

    private Builder() {}

    private Builder(ChatResponse r) {
      text = r.text;
      reasoning = r.reasoning;
      toolCalls = r.toolCalls;
      finishReason = r.finishReason;
      usage = r.usage;
      cost = r.cost;
      provider = r.provider;
      model = r.model;
      requestId = r.requestId;
      rateLimits = r.rateLimits;
      routeTrace = r.routeTrace;
      routeMember = r.routeMember;
    }

    public Builder text(String text) {
      this.text = text == null ? "" : text;
      return this;
    }

    public Builder reasoning(String reasoning) {
      this.reasoning = reasoning == null ? "" : reasoning;
      return this;
    }

    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = List.copyOf(toolCalls);
      return this;
    }

    public Builder finishReason(FinishReason finishReason) {
      this.finishReason = Objects.requireNonNull(finishReason, "finishReason == null");
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = Objects.requireNonNull(usage, "usage == null");
      return this;
    }

    /** Cost; null when prices are unknown. */
    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model == null");
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId == null || requestId.isBlank() ? null : requestId;
      return this;
    }

    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits == null");
      return this;
    }

    public Builder routeTrace(RouteTrace routeTrace) {
      this.routeTrace = Objects.requireNonNull(routeTrace, "routeTrace == null");
      return this;
    }

    /** The router's name for the member that answered; null for a direct call (set by routers). */
    public Builder routeMember(String routeMember) {
      this.routeMember = routeMember;
      return this;
    }

    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
