package dev.crossfeed.spi;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RequestSigner} sees of one HTTP attempt: the method, the URL exactly as it goes on the wire (its
 * raw, percent-encoded path is what signatures cover), the headers already set, and the body. Core has no HTTP
 * library, so this is the neutral form a provider hands its signer.
 *
 * <p>Immutable and thread-safe: the body is not copied, and {@link #body()} hands out read-only views.
 * {@link #toString()} shows the method, URL without its query, and header names; never values or the body.
 */
public final class SignableRequest {
  private final String method;
  private final URI uri;
  private final Map<String, String> headers;
  private final byte[] body;

  /**
   * @param method e.g. {@code POST}
   * @param uri the absolute URL as sent; signers read {@link URI#getRawPath()} and {@link URI#getRawQuery()}
   * @param headers the headers set so far (names as the provider wrote them; compare them case-insensitively)
   * @param body the body bytes, not copied: the caller must not change them afterwards
   * @throws NullPointerException for a null argument
   * @throws IllegalArgumentException if {@code uri} is not absolute
   */
  public SignableRequest(String method, URI uri, Map<String, String> headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method == null");
    this.uri = Objects.requireNonNull(uri, "uri == null");
    if (!uri.isAbsolute() || uri.getHost() == null) throw new IllegalArgumentException("uri is not an absolute URL");
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers == null")));
    this.body = Objects.requireNonNull(body, "body == null");
  }

  /** {@return the HTTP method, e.g. {@code POST}} */
  public String method() {
    return method;
  }

  /** {@return the absolute URL as it is sent (raw path and query percent-encoded as on the wire)} */
  public URI uri() {
    return uri;
  }

  /** {@return the headers set before signing, in order (unmodifiable)} */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return a read-only view of the body (empty for a request without one)} */
  public ByteBuffer body() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** Method, URL without its query, and header names; never header values or the body. */
  @Override
  public String toString() {
    String u = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    return "SignableRequest{" + method + ' ' + u + ", headers=" + headers.keySet() + ", " + body.length + " body bytes}";
  }
}
