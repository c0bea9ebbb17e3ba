package dev.crossfeed.http;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} Crossfeed providers share by default, and the derivation every provider applies
 * to a client (its own or a user's): no redirects (a redirect could carry an API key to another host) and no
 * silent connection retries (routing owns retries). Derived clients share the pool and dispatcher of the one
 * they come from.
 */
public final class HttpClients {
  private static volatile OkHttpClient shared;

  private HttpClients() {}

  /** The lazily created shared client: connect 10 s, read 60 s (a stall), write 30 s, no call timeout. */
  public static OkHttpClient shared() {
    OkHttpClient c = shared;
    if (c == null) {
      synchronized (HttpClients.class) {
        c = shared;
        if (c == null) {
          c =
              forProviders(
                  new OkHttpClient.Builder()
                      .connectTimeout(Duration.ofSeconds(10))
                      .readTimeout(Duration.ofSeconds(60))
                      .writeTimeout(Duration.ofSeconds(30))
                      .build());
          shared = c;
        }
      }
    }
    return c;
  }

  /** {@code client} with redirects and connection retries off, sharing its pool and dispatcher. */
  public static OkHttpClient forProviders(OkHttpClient client) {
    if (!client.followRedirects() && !client.followSslRedirects() && !client.retryOnConnectionFailure()) {
      return client;
    }
    return client.newBuilder().followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
  }
}
