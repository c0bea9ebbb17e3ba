package dev.crossfeed;

import dev.crossfeed.spi.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one unchecked exception of Crossfeed. It carries data, not just a message: the {@link Failure} kind that
 * routing acts on, the provider and model, the HTTP status, the provider's request id, a retry hint, a
 * snapshot of rate-limit headers, the route trace (when thrown by a router) and, for
 * {@link Failure#STREAM_INTERRUPTED}, the partial response the caller already received.
 *
 * <p>The message never contains an API key or a header dump; the provider's own message is truncated to
 * {@value #MAX_PROVIDER_MESSAGE} characters.
 *
 * <pre>{@code
 * try {
 *   model.chat(request);
 * } catch (ChatModelException e) {
 *   if (e.failure() == Failure.RATE_LIMITED) e.retryAfter().ifPresent(...);
 * }
 * }</pre>
 */
public class ChatModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Longest provider message kept, in characters. */
  public static final int MAX_PROVIDER_MESSAGE = 500;

  private final Failure failure;
  private final String provider;
  private final String model;
  private final int status;
  private final String requestId;
  private final Duration retryAfter;
  private final String providerMessage;
  private final String detail;
  private final transient RateLimits rateLimits;
  private final transient RouteTrace routeTrace;
  private final String route;
  private final transient ChatResponse partialResponse;

  /**
   * Creates the exception from a builder; subclasses (a provider's own exception type) call this.
   *
   * @param b the filled-in builder
   */
  protected ChatModelException(Builder b) {
    super(describe(b), b.cause);
    this.failure = b.failure;
    this.provider = b.provider;
    this.model = b.model;
    this.status = b.status;
    this.requestId = b.requestId;
    this.retryAfter = b.retryAfter;
    this.providerMessage = b.providerMessage;
    this.detail = b.detail;
    this.rateLimits = b.rateLimits;
    this.routeTrace = b.routeTrace;
    this.route = b.route;
    this.partialResponse = b.partialResponse;
  }

  /**
   * Starts an exception of the given kind.
   *
   * @param failure what kind of failure this is; routing decides on it alone
   * @return a new builder
   */
  public static Builder builder(Failure failure) {
    return new Builder(failure);
  }

  /**
   * A copy with the same data and the given route trace (used by routers).
   *
   * @param trace every attempt the router made
   * @return the copy, with this exception's stack trace, cause and suppressed exceptions
   */
  public ChatModelException withRouteTrace(RouteTrace trace) {
    return withRoute(route, trace);
  }

  /**
   * A copy with the same data, the route that gave up and its trace (used by routers): the message then also names
   * the route and every attempt, e.g. {@code SERVER_ERROR from anthropic/claude-haiku-4-5 (HTTP 500) — route
   * 'default', attempts: gpt RATE_LIMITED (HTTP 429), claude SERVER_ERROR (HTTP 500)}.
   */
  public ChatModelException withRoute(String route, RouteTrace trace) {
    Builder b = toBuilder().routeTrace(trace).cause(getCause());
    b.route = route;
    ChatModelException copy = b.build();
    copy.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) copy.addSuppressed(s);
    return copy;
  }

  /** {@return a builder pre-filled with this exception's data (and this exception's cause)} */
  public Builder toBuilder() {
    return toBuilder(failure);
  }

  /**
   * A builder pre-filled with this exception's data but another failure kind (e.g. to reclassify).
   *
   * @param failure the kind of the new exception
   * @return the pre-filled builder
   */
  public Builder toBuilder(Failure failure) {
    Builder b = new Builder(failure);
    b.provider = provider;
    b.model = model;
    b.status = status;
    b.requestId = requestId;
    b.retryAfter = retryAfter;
    b.providerMessage = providerMessage;
    b.rateLimits = rateLimits;
    b.routeTrace = routeTrace;
    b.route = route;
    b.partialResponse = partialResponse;
    b.detail = detail;
    b.cause = getCause();
    return b;
  }

  /** {@return the kind of failure, the one thing routing decides on} */
  public Failure failure() {
    return failure;
  }

  /** {@return provider id such as {@code openai}, or empty when not known} */
  public String provider() {
    return provider;
  }

  /** {@return model id, or empty when not known} */
  public String model() {
    return model;
  }

  /** {@return HTTP status of the failed response, if there was one} */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** {@return the provider's request id ({@code x-request-id}, {@code request-id}, ...), for support tickets} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** {@return how long the provider asked us to wait before retrying, if it said} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@return the provider's own error message, truncated; empty string if none} */
  public String providerMessage() {
    return providerMessage == null ? "" : providerMessage;
  }

  /** {@return rate-limit headers seen on the failed response; {@link RateLimits#NONE} if none} */
  public RateLimits rateLimits() {
    return rateLimits == null ? RateLimits.NONE : rateLimits;
  }

  /** {@return every attempt a router made before giving up; {@link RouteTrace#EMPTY} for a direct provider call} */
  public RouteTrace routeTrace() {
    return routeTrace == null ? RouteTrace.EMPTY : routeTrace;
  }

  /** {@return the route whose call ended with this failure, when a router set it ({@link #withRoute})} */
  public Optional<String> route() {
    return Optional.ofNullable(route);
  }

  /** For {@link Failure#STREAM_INTERRUPTED}: what the caller had received before the stream broke. */
  public Optional<ChatResponse> partialResponse() {
    return Optional.ofNullable(partialResponse);
  }

  private static String describe(Builder b) {
    StringBuilder s = new StringBuilder(b.failure.name());
    if (!b.provider.isEmpty() || !b.model.isEmpty()) {
      s.append(" from ").append(b.provider.isEmpty() ? "?" : b.provider);
      if (!b.model.isEmpty()) s.append('/').append(b.model);
    }
    if (b.status > 0 || b.requestId != null || b.retryAfter != null) {
      s.append(" (");
      String sep = "";
      if (b.status > 0) {
        s.append("HTTP ").append(b.status);
        sep = ", ";
      }
      if (b.requestId != null) {
        s.append(sep).append("request ").append(b.requestId);
        sep = ", ";
      }
      if (b.retryAfter != null) s.append(sep).append("retry after ").append(b.retryAfter.toMillis()).append("ms");
      s.append(')');
    }
    String detail = b.detail != null ? b.detail : b.providerMessage;
    if (detail != null && !detail.isEmpty()) s.append(": ").append(detail);
    if (b.route != null && b.routeTrace != null && !b.routeTrace.attempts().isEmpty()) {
      s.append(" \u2014 route '").append(b.route).append("', attempts: ");
      String sep = "";
      for (RouteTrace.Attempt a : b.routeTrace.attempts()) {
        s.append(sep).append(a.model()).append(' ').append(a.outcome());
        if (a.status().isPresent()) s.append(" (HTTP ").append(a.status().getAsInt()).append(')');
        sep = ", ";
      }
    }
    return s.toString();
  }

  static String truncate(String text) {
    if (text == null) return null;
    String t = text.strip();
    return t.length() <= MAX_PROVIDER_MESSAGE ? t : t.substring(0, MAX_PROVIDER_MESSAGE) + "…";
  }

  /** Builds a {@link ChatModelException}. Not thread-safe. */
  public static final class Builder {
    private final Failure failure;
    private String provider = "";
    private String model = "";
    private int status;
    private String requestId;
    private Duration retryAfter;
    private String providerMessage;
    private String detail;
    private RateLimits rateLimits;
    private RouteTrace routeTrace;
    private String route;
    private ChatResponse partialResponse;
    private Throwable cause;

    private Builder(Failure failure) {
      this.failure = Objects.requireNonNull(failure, "failure == null");
    }

    /**
     * Sets the provider id, such as {@code openai}.
     *
     * @param provider the provider id; null means unknown
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = provider == null ? "" : provider;
      return this;
    }

    /**
     * Sets the model id.
     *
     * @param model the model id; null means unknown
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model == null ? "" : model;
      return this;
    }

    /**
     * HTTP status; 0 or negative means none.
     *
     * @param status the status; 0 or negative means none
     * @return this builder
     */
    public Builder status(int status) {
      this.status = Math.max(status, 0);
      return this;
    }

    /**
     * Sets the provider's request id, for support tickets.
     *
     * @param requestId the id; null or blank means none
     * @return this builder
     */
    public Builder requestId(String requestId) {
      this.requestId = requestId == null || requestId.isBlank() ? null : truncate(requestId);
      return this;
    }

    /**
     * The provider's hint of when to retry; null or negative means none, beyond 100 years is clamped to 100 years.
     *
     * @param retryAfter the wait; null or negative means none
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : Durations.clamp(retryAfter);
      return this;
    }

    /**
     * The provider's own error message; truncated to {@value #MAX_PROVIDER_MESSAGE} characters.
     *
     * @param message the message, truncated to {@value #MAX_PROVIDER_MESSAGE} characters
     * @return this builder
     */
    public Builder providerMessage(String message) {
      this.providerMessage = truncate(message);
      return this;
    }

    /**
     * Our own description of what went wrong (e.g. "response body exceeds 10485760 bytes"), shown in the
     * message instead of the provider message. Truncated like the provider message.
     *
     * @param detail the description
     * @return this builder
     */
    public Builder detail(String detail) {
      this.detail = truncate(detail);
      return this;
    }

    /**
     * Sets the rate-limit headers seen on the failed response.
     *
     * @param rateLimits the snapshot; null means none
     * @return this builder
     */
    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = rateLimits;
      return this;
    }

    /**
     * Sets the attempts a router made before giving up.
     *
     * @param routeTrace the trace; null means a direct call
     * @return this builder
     */
    public Builder routeTrace(RouteTrace routeTrace) {
      this.routeTrace = routeTrace;
      return this;
    }

    /**
     * Sets what the caller had received before a stream broke.
     *
     * @param partialResponse the partial answer; null means none
     * @return this builder
     */
    public Builder partialResponse(ChatResponse partialResponse) {
      this.partialResponse = partialResponse;
      return this;
    }

    /**
     * Sets the underlying exception (an {@code IOException}, a parser error), kept as the cause.
     *
     * @param cause the cause; null means none
     * @return this builder
     */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** {@return the exception; its message is built from the data and never contains a key} */
    public ChatModelException build() {
      return new ChatModelException(this);
    }
  }
}
