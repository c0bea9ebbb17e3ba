package dev.crossfeed.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The two interceptors {@link HttpClients#forProviders} installs so a pooled connection never costs a call:
 *
 * <ul>
 *   <li><b>Stale connections are replayed once.</b> A server that closes idle keep-alive connections sooner than
 *       OkHttp's 10 s health check (uvicorn and Node 5 s, gunicorn 2 s) makes the next request on the pooled
 *       connection fail with "unexpected end of stream" before any response byte. Nothing reached the model, so
 *       the request is sent again once on another connection, inside the provider: not an attempt, not a health
 *       failure. Only a connection that already served an exchange and then sat idle for at least
 *       {@value #STALE_AFTER_MILLIS} ms qualifies, only for an end of stream with no byte read or a reset/broken
 *       pipe, and only if the call was not cancelled.
 *   <li><b>Unusable bodies take their connection with them.</b> {@link #discard} closes the HTTP/1.1 connection
 *       that carried a body the caller could not use (malformed, cut, longer or shorter than its
 *       {@code Content-Length}), so leftover bytes are never read as the next call's response.
 * </ul>
 *
 * <p>{@link HttpExchange} registers each call it starts ({@link #track}) and forgets it when the call ends
 * ({@link #untrack}); calls of clients used directly are left alone.
 */
final class ConnectionGuard {
  /** Replays a call once when its exchange failed on a stale pooled connection. */
  static final Interceptor REPLAY_STALE = ConnectionGuard::replayStale;
  /** Records each exchange's connection and whether it was reused. */
  static final Interceptor TRACK = ConnectionGuard::track;

  /**
   * A reused connection that fails before any response byte is presumed stale only if it sat idle this long: the
   * servers that drop idle keep-alive connections do so after seconds (gunicorn 2 s, uvicorn and Node 5 s), while a
   * drop on a connection used a moment ago is the server's answer to this request, and a CONNECTION failure.
   */
  static final long STALE_AFTER_MILLIS = 1000;

  /** When each connection last finished an exchange (by the call's clock); weak, so the pool decides their life. */
  private static final Map<Connection, LastUse> LAST_USED = Collections.synchronizedMap(new WeakHashMap<>());

  /** When a connection last finished an exchange, by the clock of that call (idle times compare one clock only). */
  private static final class LastUse {
    volatile Clock clock;
    volatile long millis;

    LastUse(Clock clock, long millis) {
      this.clock = clock;
      this.millis = millis;
    }
  }

  private ConnectionGuard() {}

  /** The calls HttpExchange started and has not finished, with their state. */
  private static final ConcurrentHashMap<Call, Tracked> CALLS = new ConcurrentHashMap<>();

  /** The per-call state: the call's clock, its last connection, and whether it failed stale. */
  static final class Tracked {
    final Clock clock;
    volatile Connection connection;
    volatile boolean staleFailure;
    volatile int replays;

    Tracked(Clock clock) {
      this.clock = clock;
    }
  }

  /** Registers a call about to start; idle times are measured by {@code clock}. */
  static void track(Call call, Clock clock) {
    CALLS.put(call, new Tracked(clock));
  }

  /** Forgets a call that ended (after any {@link #discard}). */
  static void untrack(Call call) {
    CALLS.remove(call);
  }

  /** Calls registered and not yet forgotten, for tests: nothing may be retained after a call ends. */
  static int tracked() {
    return CALLS.size();
  }

  /** Closes the HTTP/1.x connection {@code call} last used, if any, so the pool drops it. Never throws. */
  static void discard(Call call) {
    Tracked t = CALLS.get(call);
    Connection c = t == null ? null : t.connection;
    if (c == null || c.protocol() == Protocol.HTTP_2 || c.protocol() == Protocol.H2_PRIOR_KNOWLEDGE) return;
    try {
      Socket s = c.socket();
      s.close();
    } catch (IOException | RuntimeException e) {
      // already closed
    }
  }

  private static Response replayStale(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    Tracked t = CALLS.get(chain.call());
    try {
      return chain.proceed(request);
    } catch (IOException e) {
      if (t == null || !t.staleFailure || t.replays > 0 || chain.call().isCanceled()) throw e;
      if (request.body() != null && request.body().isOneShot()) throw e;
      t.replays++;
      t.staleFailure = false;
      t.connection = null;
      return chain.proceed(request);
    }
  }

  private static Response track(Interceptor.Chain chain) throws IOException {
    Tracked t = CALLS.get(chain.call());
    Connection c = chain.connection();
    Clock clock = t != null ? t.clock : Clock.systemUTC();
    LastUse lastUse = c == null ? null : LAST_USED.get(c);
    if (t != null) t.connection = c;
    try {
      Response response = chain.proceed(chain.request());
      if (c != null) {
        if (lastUse == null) {
          LAST_USED.put(c, new LastUse(clock, clock.millis()));
        } else { // updated in place: one object per connection, not per call
          lastUse.clock = clock;
          lastUse.millis = clock.millis();
        }
      }
      return response;
    } catch (IOException e) {
      boolean idle = lastUse != null && lastUse.clock == clock && clock.millis() - lastUse.millis >= STALE_AFTER_MILLIS;
      // HTTP/1 runs one exchange per connection at a time; on HTTP/2 concurrent updates race harmlessly (any is recent)
      if (t != null && idle && beforeAnyResponseByte(e)) t.staleFailure = true;
      throw e;
    }
  }

  /**
   * True for how a request on a connection the server already closed fails: an end of stream before the status
   * line ("unexpected end of stream" caused by Okio's "\n not found: limit=0"), or a reset or broken pipe.
   */
  static boolean beforeAnyResponseByte(IOException e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof EOFException && String.valueOf(x.getMessage()).contains("limit=0 ")) return true;
      if (x instanceof SocketException && !(x instanceof java.net.ConnectException)) {
        String m = String.valueOf(x.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("reset") || m.contains("broken pipe")) return true;
      }
    }
    return false;
  }
}
