package dev.crossfeed.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One decoded message of the AWS event-stream framing ({@code application/vnd.amazon.eventstream}): its headers in
 * wire order and its payload. Header values keep their wire type: {@link Boolean}, {@link Byte}, {@link Short},
 * {@link Integer}, {@link Long}, {@code byte[]}, {@link String}, {@link java.time.Instant} (timestamp) or
 * {@link java.util.UUID}. Bedrock sends only strings. Immutable apart from the payload array, which the decoder
 * hands over and never touches again.
 *
 * @param headers header name to value, in wire order; a later duplicate name replaces an earlier one
 * @param payload the payload bytes (UTF-8 JSON for Bedrock)
 */
record EventStreamMessage(Map<String, Object> headers, byte[] payload) {
  EventStreamMessage {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A string header's value, or the empty string when absent or not a string. */
  String header(String name) {
    Object v = headers.get(name);
    return v instanceof String ? (String) v : "";
  }

  /** {@code :message-type}: {@code event}, {@code exception} or {@code error}. */
  String messageType() {
    return header(":message-type");
  }

  /** The payload as UTF-8 text. */
  String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** Header names and the payload size; never values (an unmodeled error could echo a request header). */
  @Override
  public String toString() {
    return "EventStreamMessage{headers=" + headers.keySet() + ", " + payload.length + " payload bytes}";
  }
}
