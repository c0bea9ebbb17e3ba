package dev.crossfeed.http;

import java.util.Locale;
import okhttp3.HttpUrl;

/** Base-URL checks and joining, shared by providers. */
public final class Endpoint {
  private Endpoint() {}

  /**
   * Parses a provider base URL. {@code https} is always allowed; plain {@code http} only for loopback hosts
   * (localhost, 127.0.0.0/8, ::1) unless {@code allowInsecureHttp}, because an API key sent over plain HTTP is
   * readable by anyone on the path.
   *
   * @param url the base URL as configured
   * @param allowInsecureHttp true to permit plain HTTP to a host that is not loopback
   * @return the parsed URL
   * @throws IllegalArgumentException naming what is wrong with the URL (query strings are not echoed)
   */
  public static HttpUrl baseUrl(String url, boolean allowInsecureHttp) {
    if (url == null || url.isBlank()) throw new IllegalArgumentException("baseUrl is empty");
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + safe(url));
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      throw new IllegalArgumentException("baseUrl must not contain credentials: " + parsed.host());
    }
    if (!parsed.isHttps() && !allowInsecureHttp && !isLoopback(parsed.host())) {
      throw new IllegalArgumentException(
          "baseUrl uses plain http to non-loopback host "
              + parsed.host()
              + "; use https or allow insecure http explicitly");
    }
    return parsed;
  }

  /**
   * Whether a host is localhost or a loopback literal.
   *
   * @param host the host
   * @return true for localhost and loopback literals
   */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Joins {@code base} and a relative path such as {@code chat/completions} or {@code /chat/completions},
   * keeping the base path and never doubling slashes.
   *
   * @param base the base URL
   * @param path the relative path
   * @return the joined URL
   */
  public static HttpUrl resolve(HttpUrl base, String path) {
    HttpUrl.Builder b = base.newBuilder();
    // drop a trailing empty segment so "v1/" + "chat" is "v1/chat"
    int n = base.pathSize();
    if (n > 0 && base.pathSegments().get(n - 1).isEmpty()) b.removePathSegment(n - 1);
    String p = path.startsWith("/") ? path.substring(1) : path;
    String query = null;
    int q = p.indexOf('?');
    if (q >= 0) {
      query = p.substring(q + 1);
      p = p.substring(0, q);
    }
    if (!p.isEmpty()) b.addPathSegments(p);
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) b.addQueryParameter(pair, null);
        else b.addQueryParameter(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return b.build();
  }

  /**
   * What of a rejected URL may be echoed: nothing when it does not even start like a URL (it may be a key given to
   * the wrong setting, e.g. swapped environment variables), else the URL without its query, shortened.
   */
  private static String safe(String url) {
    String s = url.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return "(a value of " + s.length() + " characters that does not start with http:// or https://)";
    }
    int q = s.indexOf('?');
    if (q >= 0) s = s.substring(0, q) + "?…";
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
