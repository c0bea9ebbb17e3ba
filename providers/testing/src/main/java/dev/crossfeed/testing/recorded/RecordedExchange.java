package dev.crossfeed.testing.recorded;

import java.util.Objects;

/**
 * One recorded request and the response it got.
 *
 * @param request what the recording client sent (from a cassette: method, URI and body; headers are a subset)
 * @param response what the provider answered
 */
public record RecordedExchange(RecordedMessage request, RecordedMessage response) {
  /**
   * Checks both messages are there.
   *
   * @param request what the client sent
   * @param response what the provider answered
   */
  public RecordedExchange {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(response, "response == null");
  }
}
