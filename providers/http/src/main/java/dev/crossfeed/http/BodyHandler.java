package dev.crossfeed.http;

import java.io.IOException;

/**
 * Turns a successful (2xx) response body into a value. May throw {@link dev.crossfeed.ChatModelException} for
 * classified conditions found in the body; any other exception is classified
 * {@link dev.crossfeed.Failure#INVALID_RESPONSE}.
 */
@FunctionalInterface
public interface BodyHandler<T> {
  T handle(byte[] body, ResponseMeta meta) throws IOException;
}
