package dev.crossfeed.http;

import java.io.IOException;

/**
 * Turns a successful (2xx) response body into a value. May throw {@link dev.crossfeed.ChatModelException} for
 * classified conditions found in the body; any other exception is classified
 * {@link dev.crossfeed.Failure#INVALID_RESPONSE}.
 */
@FunctionalInterface
public interface BodyHandler<T> {
  /**
   * Reads a whole 2xx body.
   *
   * @param body the body, at most the exchange's cap
   * @param meta the response's status, request id and rate limits
   * @return what the body means
   * @throws IOException if the body cannot be used; classified as {@link dev.crossfeed.Failure#INVALID_RESPONSE}
   */
  T handle(byte[] body, ResponseMeta meta) throws IOException;
}
