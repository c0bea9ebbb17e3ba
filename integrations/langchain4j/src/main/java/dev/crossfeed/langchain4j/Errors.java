package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatModelException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;

/**
 * A Crossfeed failure as the LangChain4j exception a LangChain4j user catches, with the
 * {@link ChatModelException} (failure kind, route trace, partial answer) as its cause. By the time a router
 * throws, it has already retried and failed over, so the type tells what finally went wrong, not whether to retry.
 */
final class Errors {
  private Errors() {}

  static LangChain4jException toLangChain4j(ChatModelException e) {
    String message = "Crossfeed call failed (" + e.failure() + "): " + e.getMessage();
    switch (e.failure()) {
      case RATE_LIMITED:
      case QUOTA_EXHAUSTED:
        return new RateLimitException(message, e);
      case AUTHENTICATION:
      case PERMISSION:
        return new AuthenticationException(message, e);
      case MODEL_NOT_FOUND:
        return new ModelNotFoundException(message, e);
      case CONTENT_FILTERED:
        return new ContentFilteredException(message, e);
      case INVALID_REQUEST:
      case CONTEXT_LENGTH_EXCEEDED:
        return new InvalidRequestException(message, e);
      case TIMEOUT:
        return new TimeoutException(message, e);
      case OVERLOADED:
      case SERVER_ERROR:
      case CONNECTION:
      case INVALID_RESPONSE:
        return new InternalServerException(message, e);
      default: // STREAM_INTERRUPTED (the partial answer is on the cause), CANCELLED
        return new LangChain4jException(message, e);
    }
  }

  /** Any throwable from a Crossfeed call, as LangChain4j sees it; non-Crossfeed runtime exceptions pass as-is. */
  static RuntimeException toLangChain4j(Throwable t) {
    if (t instanceof ChatModelException) return toLangChain4j((ChatModelException) t);
    if (t instanceof RuntimeException) return (RuntimeException) t;
    return new LangChain4jException(t);
  }
}
