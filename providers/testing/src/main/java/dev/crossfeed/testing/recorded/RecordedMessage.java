package dev.crossfeed.testing.recorded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * One recorded HTTP message, request or response: its start line ({@code POST /v1/chat/completions HTTP/1.1},
 * {@code HTTP/2.0 200 OK}), headers with lower-case names, and the body as the client saw it (de-chunked). A
 * response becomes a {@link MockResponse} with {@link #toMockResponse()}. Immutable.
 */
public final class RecordedMessage {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Headers the replaying server computes itself, or that no longer describe the stored (decoded) body. */
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "content-encoding", "connection");

  private final String startLine;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final boolean chunked;

  /**
   * A recorded request or response, copied.
   *
   * @param startLine the request line or status line, e.g. {@code HTTP/1.1 200 OK}
   * @param headers names in any case (kept lower-case), values in order
   * @param chunked whether the message was sent with {@code Transfer-Encoding: chunked} ({@code body} is the
   *     de-chunked content)
   * @param body the content, copied
   */
  public RecordedMessage(String startLine, Map<String, List<String>> headers, byte[] body, boolean chunked) {
    this.startLine = Objects.requireNonNull(startLine, "startLine == null");
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((n, v) -> h.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(v));
    h.replaceAll((n, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(h);
    this.body = body.clone();
    this.chunked = chunked;
  }

  /** {@return the request line or status line, as recorded} */
  public String startLine() {
    return startLine;
  }

  /** {@return headers by lower-case name, values in recorded order} Unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a header, by any case of its name.
   *
   * @param name the header's name, any case
   * @return the value, or empty if absent
   */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** {@return the body (a copy)} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body as UTF-8 text} */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * {@return the body parsed as JSON; empty for a blank body}
   *
   * @throws IllegalStateException if it is not JSON
   */
  public Optional<JsonNode> json() {
    String text = bodyText();
    if (text.isBlank()) return Optional.empty();
    try {
      return Optional.of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("recorded body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@return true if the message was recorded with {@code Transfer-Encoding: chunked}} */
  public boolean chunked() {
    return chunked;
  }

  /** {@return a response's status code, from its status line} */
  public int status() {
    return Integer.parseInt(token(1));
  }

  /** {@return a request's method, from its request line} */
  public String method() {
    return token(0);
  }

  /** {@return a request's target (path and query, or the whole URI as a cassette records it), from its request line} */
  public String uri() {
    return token(1);
  }

  private String token(int i) {
    String[] parts = startLine.split(" ");
    if (parts.length <= i) throw new IllegalStateException("start line has no field " + i + ": " + startLine);
    return parts[i];
  }

  /**
   * This response for a {@code MockWebServer}: the recorded status, headers and body. Framing headers
   * ({@code Content-Length}, {@code Transfer-Encoding}, {@code Content-Encoding}, {@code Connection}) are left to
   * the server; a body recorded chunked is served chunked again.
   *
   * @return the response to enqueue
   */
  public MockResponse toMockResponse() {
    MockResponse.Builder b = new MockResponse.Builder().code(status());
    headers.forEach((name, values) -> {
      if (!FRAMING.contains(name)) values.forEach(v -> b.addHeaderLenient(name, v));
    });
    Buffer content = new Buffer().write(body);
    return chunked ? b.chunkedBody(content, 512).build() : b.body(content).build();
  }

  /** Start line and header names; never header values or the body. */
  @Override
  public String toString() {
    return "RecordedMessage{" + startLine + ", headers=" + headers.keySet() + ", " + body.length + " bytes}";
  }
}
