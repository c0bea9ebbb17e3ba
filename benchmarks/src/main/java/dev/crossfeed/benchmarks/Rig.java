package dev.crossfeed.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * What every HTTP benchmark shares: the stub server with its scenarios, one {@link OkHttpClient} (one pool, one
 * dispatcher) used by the floor and by every Crossfeed model alike, and factories for providers and routers.
 *
 * <p>The client is configured the way Crossfeed derives provider clients (no redirects, no silent connection
 * retries), so {@code HttpClients.forProviders} keeps it as it is and the floor and the providers share exactly the
 * same pool. The pool keeps up to {@value #POOL} idle connections and the dispatcher allows {@value #POOL} requests
 * (also per host), so 64 concurrent callers never wait for a connection or churn them; blocking calls do not go
 * through the dispatcher's limits at all.
 */
final class Rig implements AutoCloseable {
  static final int POOL = 256;
  static final String API_KEY = "sk-bench-0123456789";
  static final String USER_TEXT = "Say hello.";
  /** Scenarios every rig serves. */
  static final String OK = "ok";
  static final String OVERLOADED = "overloaded";
  static final String STREAM_200 = "sse200";
  static final String STREAM_200_CHUNKED = "sse200chunked";

  final StubServer server;
  final OkHttpClient client;
  final FloorClient floor;
  /** The request Crossfeed models get, built once like the floor's inputs. */
  final ChatRequest request = ChatRequest.of(USER_TEXT);

  Rig() {
    server = StubServer.start();
    server.fixed(OK, Payloads.chatCompletion());
    server.fixed(OVERLOADED, Payloads.overloaded());
    server.fixed(STREAM_200, Payloads.stream(200, " token"));
    server.fixed(STREAM_200_CHUNKED, Payloads.chunkedStream(200, " token"));
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(POOL);
    dispatcher.setMaxRequestsPerHost(POOL);
    client =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(POOL, 5, TimeUnit.MINUTES))
            .dispatcher(dispatcher)
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(30))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .build();
    floor = floor(OK);
  }

  /** A floor client for a scenario. */
  FloorClient floor(String scenario) {
    return new FloorClient(client, new ObjectMapper(), server.baseUrl(scenario), API_KEY);
  }

  /** A floor client that bounds every call with a 120 s OkHttp call timeout, like the providers' default. */
  FloorClient timedFloor(String scenario) {
    return new FloorClient(client, new ObjectMapper(), server.baseUrl(scenario), API_KEY, Duration.ofSeconds(120));
  }

  /** An {@link OpenAiChatModel} (api.openai.com settings) pointed at a scenario. */
  OpenAiChatModel provider(String scenario) {
    return providerAt(server.baseUrl(scenario));
  }

  OpenAiChatModel providerAt(String baseUrl) {
    return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(ApiKey.of(API_KEY)).model(Payloads.MODEL).client(client).build();
  }

  /**
   * A router in its usual production shape: three candidates in fallback order, circuit breakers (5 failures, 30 s)
   * and a retry policy (2 attempts per model, 200 ms doubling backoff), a 60 s deadline.
   */
  static Router.Builder threeWay(ChatModel first, ChatModel second, ChatModel third) {
    return Router.builder()
        .model("primary", first)
        .model("secondary", second)
        .model("tertiary", third)
        .circuitBreaker(5, Duration.ofSeconds(30))
        .maxAttempts(2)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .timeout(Duration.ofSeconds(60));
  }

  /** A base URL on a loopback port where nothing listens: connections are refused at once. */
  static String refusingBaseUrl() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort() + "/v1";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
  }
}
