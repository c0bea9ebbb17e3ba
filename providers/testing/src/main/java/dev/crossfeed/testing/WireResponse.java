package dev.crossfeed.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP answer as a {@link FakeProviderServer} subclass renders it: status, content type, body and
 * headers, written verbatim (the base class adds the request id and scripted headers).
 *
 * @param status HTTP status
 * @param contentType the {@code Content-Type}
 * @param body the body, written as UTF-8
 * @param headers extra headers in order
 */
public record WireResponse(int status, String contentType, String body, Map<String, String> headers) {
  /**
   * Checks content type and body are there and copies the headers.
   *
   * @param status HTTP status
   * @param contentType the {@code Content-Type}
   * @param body the body
   * @param headers extra headers in order
   */
  public WireResponse {
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(body, "body == null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * A JSON answer.
   *
   * @param status HTTP status
   * @param body the JSON body
   * @return the answer
   */
  public static WireResponse json(int status, String body) {
    return new WireResponse(status, "application/json", body, Map.of());
  }

  /**
   * This answer with one more header (replacing one of the same name).
   *
   * @param name the header's name
   * @param value its value
   * @return the new answer; this one is unchanged
   */
  public WireResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new WireResponse(status, contentType, body, h);
  }
}
