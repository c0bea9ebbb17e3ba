package dev.crossfeed.http;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} Crossfeed providers share by default, and the derivation every provider applies
 * to a client (its own or a user's): no redirects (a redirect could carry an API key to another host) and no
 * silent connection retries (routing owns retries). Derived clients share the pool and dispatcher of the one
 * they come from.
 *
 * <p>The shared client's threads are daemon threads named {@code crossfeed-http-N}: an application that never
 * closes a model still exits at once (OkHttp's own dispatcher threads are not daemon and kept a JVM alive for a
 * minute after the last async call). It runs up to {@value #MAX_ASYNC_CALLS} async calls at once per host (OkHttp's
 * default is 5), so hedged and async routed calls are never queued in the client while a deadline runs. A client
 * you pass to a provider keeps its own dispatcher limits: raise {@code maxRequestsPerHost} there too if you hedge
 * or call asynchronously.
 */
public final class HttpClients {
  /** Async calls the shared client runs at once, per host and in total, before it queues (OkHttp: 64 and 5). */
  public static final int MAX_ASYNC_CALLS = 1024;

  private static volatile OkHttpClient shared;

  private HttpClients() {}

  /** {@return the lazily created shared client: connect 10 s, read 60 s (a stall), write 30 s, no call timeout} */
  public static OkHttpClient shared() {
    OkHttpClient c = shared;
    if (c == null) {
      synchronized (HttpClients.class) {
        c = shared;
        if (c == null) {
          c =
              forProviders(
                  new OkHttpClient.Builder()
                      .dispatcher(routingDispatcher())
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

  /**
   * OkHttp's default dispatcher runs 5 async calls per host and queues the rest, so 30 hedged or async calls to
   * one healthy model waited in the client while a router's deadline ran and were blamed on the model. Routing
   * needs the client to run every call it starts: {@value #MAX_ASYNC_CALLS} at once, per host and in total.
   */
  private static Dispatcher routingDispatcher() {
    Dispatcher d = new Dispatcher(daemonExecutor());
    d.setMaxRequests(MAX_ASYNC_CALLS);
    d.setMaxRequestsPerHost(MAX_ASYNC_CALLS);
    return d;
  }

  private static ThreadPoolExecutor daemonExecutor() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        10, // idle threads go after 10 s (OkHttp: 60 s), so an undeployed web app's loader is not held for long
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "crossfeed-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * {@code client} with redirects and connection retries off, sharing its pool and dispatcher, plus the
   * connection guard: a request that failed on a stale pooled connection before any response byte is sent once
   * more, and a connection that carried an unusable body is discarded.
   *
   * @param client a client
   * @return the client, or one derived from it
   * @throws IllegalStateException if the OkHttp on the classpath is older than 5 (OkHttp 4's
   *     {@code com.squareup.okhttp3:okhttp} next to OkHttp 5's {@code okhttp-jvm}); the message names the fix
   */
  public static OkHttpClient forProviders(OkHttpClient client) {
    OkHttpVersion.require();
    if (!client.followRedirects() && !client.followSslRedirects() && !client.retryOnConnectionFailure()
        && client.interceptors().contains(ConnectionGuard.REPLAY_STALE)
        && client.networkInterceptors().contains(ConnectionGuard.TRACK)) {
      return client;
    }
    OkHttpClient.Builder b =
        client.newBuilder().followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false);
    if (!client.interceptors().contains(ConnectionGuard.REPLAY_STALE)) b.addInterceptor(ConnectionGuard.REPLAY_STALE);
    if (!client.networkInterceptors().contains(ConnectionGuard.TRACK)) b.addNetworkInterceptor(ConnectionGuard.TRACK);
    return b.build();
  }
}
