package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;

/** The exceptions the router itself creates (as opposed to those its models throw). */
final class RoutingErrors {
  private RoutingErrors() {}

  static ChatModelException invalid(String detail) {
    return ChatModelException.builder(Failure.INVALID_REQUEST).detail(detail).build();
  }

  /** A TIMEOUT for an attempt (or the call) the router cut after {@code nanos}. */
  static ChatModelException timeout(Member m, long nanos, String what, Throwable cause) {
    return ChatModelException.builder(Failure.TIMEOUT)
        .provider(m == null ? "" : m.info.provider())
        .model(m == null ? "" : m.info.id())
        .detail(what + " (" + Math.max(0, nanos / 1_000_000) + "ms)")
        .cause(cause)
        .build();
  }

  /** A member broke its contract by throwing something other than ChatModelException: treat as a bad answer. */
  static ChatModelException unexpected(Member m, Throwable t) {
    return ChatModelException.builder(Failure.INVALID_RESPONSE)
        .provider(m.info.provider())
        .model(m.info.id())
        .detail("model '" + m.name + "' threw " + t.getClass().getName())
        .cause(t)
        .build();
  }

  static ChatModelException cancelled(String detail) {
    return ChatModelException.builder(Failure.CANCELLED).detail(detail).build();
  }
}
