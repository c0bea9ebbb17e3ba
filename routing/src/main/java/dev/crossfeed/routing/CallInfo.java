package dev.crossfeed.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * Who a {@link RouteEvent} belongs to: one routed call, told apart from concurrent calls by {@link #id()}, with the
 * caller's {@link dev.crossfeed.ChatRequest#metadata() request metadata} (tenant, feature, user tier, ...) so a
 * listener can label metrics and spans without wrapping the router.
 *
 * <p>Every event of a call carries the same instance; it is created only when the router has a listener.
 *
 * @param route the route's name ({@link Router#name()})
 * @param id the call's number, unique within the JVM, increasing in start order
 * @param kind what the call does
 * @param metadata the request's metadata, unmodifiable; empty for embeddings
 */
public record CallInfo(String route, long id, Kind kind, Map<String, String> metadata) {
  /** What a routed call does. */
  public enum Kind {
    /** {@code chat} or {@code chatAsync}. */
    CHAT,
    /** {@code stream} or {@code streamAsync}. */
    STREAM,
    /** {@code embed}. */
    EMBEDDING
  }

  /** Checks the components; {@code metadata} is kept as an unmodifiable view (a request's own map is one). */
  public CallInfo {
    Objects.requireNonNull(route, "route == null");
    Objects.requireNonNull(kind, "kind == null");
    metadata = Collections.unmodifiableMap(Objects.requireNonNull(metadata, "metadata == null"));
  }
}
