package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

  /**
   * The one catch ladder of every path: what a member's throwable (from {@code chat}, {@code stream}, a stream's
   * read, or a future) means for the call. A {@link ChatModelException} is itself. A {@link VirtualMachineError}
   * is rethrown (the caller's problem, not the model's). Anything else breaks the member's contract and is
   * classified by its origin: the caller's input (an {@link IllegalArgumentException} or
   * {@link UnsupportedOperationException} not raised while reading a response, or a failure inside JSON
   * serialisation of the request) is INVALID_REQUEST, neutral for health and not retried; everything else
   * (undeclared checked exceptions from Kotlin or Lombok code, other runtime exceptions, {@code Error}s such as a
   * missing class) is the member's own fault: INVALID_RESPONSE, a health failure the call falls back from.
   */
  static ChatModelException fromMember(Member m, Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    if (t instanceof ChatModelException) return (ChatModelException) t;
    if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
    if (t instanceof CancellationException) return cancelled("the model's future was cancelled");
    if (t == null) return unexpected(m, new IllegalStateException("completed without a response"));
    if (callersInput(t)) {
      return ChatModelException.builder(Failure.INVALID_REQUEST)
          .provider(m.info.provider())
          .model(m.info.id())
          .detail("model '" + m.name + "' rejected the request: " + t.getClass().getName())
          .cause(t)
          .build();
    }
    return unexpected(m, t);
  }

  /** True if {@code t} arose from the request as given rather than from the member or its server. */
  private static boolean callersInput(Throwable t) {
    boolean argument = t instanceof IllegalArgumentException || t instanceof UnsupportedOperationException;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String type = c.getClass().getName();
      if (type.endsWith("JsonGenerationException") || type.endsWith("InvalidDefinitionException")) return true;
      for (StackTraceElement f : c.getStackTrace()) {
        String cls = f.getClassName();
        if (cls.startsWith("com.fasterxml.jackson.databind.ser.") || cls.endsWith("JsonGenerator")) return true;
        if (cls.startsWith("com.fasterxml.jackson.databind.deser.") || cls.endsWith("JsonParser")) return false;
      }
    }
    return argument;
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
