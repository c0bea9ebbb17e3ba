package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.adversarial.logging.LogCapture;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import dev.crossfeed.testing.FakeProviderServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * Every provider, with a sentinel key, through success and every failure class its fake renders (the provider's
 * message echoing the key back, as OpenAI's 401 does), in-stream errors, cut streams and config-built models, on the
 * sync, async, stream and push-stream paths: no sentinel in any exception, stack trace, {@code toString()}, event or
 * (debug-level) log line. The four providers run at the same time.
 */
@Timeout(60)
@Order(10)
class SecretsProviderTest {
  static OkHttpClient client;

  @BeforeAll
  static void start() {
    Hygiene.install();
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).readTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    Hygiene.assertClean(client, "secrets (providers)");
  }

  @Test
  void noKeyEscapesAProviderInAnyOutcome() {
    Concurrently.forEachProvider(p -> {
      try {
        noKeyEscapes(p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    });
  }

  private static void noKeyEscapes(Provider p) throws InterruptedException {
    LeakScan scan = new LeakScan();
    ApiKey key = LeakScan.sentinel(p.id());
    long debugBefore = LogCapture.count(Level.DEBUG);
    int failures = 0;
    try (FakeProviderServer fake = p.fake()) {
      String root = fake.url("/").replaceAll("/$", "");
      scan.object("builder", p.builder(root, key));
      ChatModel model = p.build(root, client, key, Duration.ofSeconds(5));
      scan.object("model", model).object("info", model.info()).object("key", key);

      for (int i = 0; i < 4; i++) fake.enqueue(FakeResponse.text("Hello there").usage(9, 2));
      everyPath(model, scan, "success");
      FakeRequest sent = fake.takeRequest();
      assertTrue(sent.headers().values().stream().anyMatch(v -> v.contains(key.reveal())),
          p + ": the sentinel key is the one on the wire");
      scan.object("fake request", sent);

      String echo = "Incorrect API key provided: " + key.reveal() + ". You can find your API key at example.com";
      for (Failure f : fake.supportedFailures()) {
        boolean native_ = f != Failure.CONNECTION && f != Failure.INVALID_RESPONSE;
        FakeResponse r = native_ ? FakeResponse.failure(f).message(echo) : FakeResponse.failure(f);
        for (int i = 0; i < 4; i++) fake.enqueue(r);
        failures += everyPath(model, scan, "failure " + f);
      }
      for (int i = 0; i < 4; i++) fake.enqueue(FakeResponse.error(401, p.errorJson(echo)));
      failures += everyPath(model, scan, "401 echoing the key");
      fake.enqueue(FakeResponse.raw(200, p.streamContentType, p.streamWithError(echo)));
      ChatModelException inStream = assertThrows(ChatModelException.class, () -> drain(model.stream(ChatRequest.of("hi")), scan));
      assertEquals(Failure.STREAM_INTERRUPTED, inStream.failure(), inStream.toString());
      scan.throwable("in-stream error echoing the key", inStream);
      for (FakeResponse faulty : new FakeResponse[] {
          FakeResponse.text("a b c d").errorAfter(1, Failure.SERVER_ERROR),
          FakeResponse.text("a b c d").errorAfter(0, Failure.RATE_LIMITED),
          FakeResponse.text("a b c d").cutAfter(1)}) {
        fake.enqueue(faulty);
        ChatModelException e = assertThrows(ChatModelException.class, () -> drain(model.stream(ChatRequest.of("hi")), scan));
        scan.throwable("stream fault " + faulty, e);
        failures++;
      }
      if (fake.sendsRequestId()) {
        // a proxy that reflects request headers back: the key arrives as the "request id" we report
        for (int i = 0; i < 4; i++) fake.enqueue(FakeResponse.failure(Failure.SERVER_ERROR).requestId("req-" + key.reveal()));
        failures += everyPath(model, scan, "request id echoing the key");
        for (int i = 0; i < 4; i++) fake.enqueue(FakeResponse.text("Hello").requestId(key.reveal()));
        everyPath(model, scan, "answer with a request id echoing the key");
      }
      configBuilt(p, root, key, scan);
    }
    assertTrue(failures > 40, p + ": failures seen " + failures);
    assertTrue(LogCapture.count(Level.DEBUG) > debugBefore, "debug logging was on and captured");
    scan.assertNoLeak(p + " provider");
    Report.line("secrets " + p.id() + ": " + failures + " failed calls (every failure class, sync/async/stream/push), "
        + scan.texts() + " texts scanned, " + LogCapture.total() + " log calls so far: no sentinel");
  }

  /** chat, chatAsync, stream and streamAsync once each; returns how many failed. */
  private static int everyPath(ChatModel model, LeakScan scan, String what) throws InterruptedException {
    int failed = 0;
    ChatRequest request = ChatRequest.builder().system("be brief").user("hi").build();
    scan.object("request", request);
    try {
      scan.object(what + " chat response", model.chat(request));
    } catch (ChatModelException e) {
      scan.throwable(what + " chat", e);
      failed++;
    }
    try {
      scan.object(what + " async response", model.chatAsync(request).get(10, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      scan.throwable(what + " async", e);
      failed++;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + ": chatAsync hung", e);
    }
    try {
      scan.object(what + " stream response", drain(model.stream(request), scan));
    } catch (ChatModelException e) {
      scan.throwable(what + " stream", e);
      failed++;
    }
    CompletableFuture<ChatResponse> pushed = model.streamAsync(request, new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        scan.object(what + " pushed event", event);
      }

      @Override
      public void onError(ChatModelException error) {
        scan.throwable(what + " pushed error", error);
      }
    });
    try {
      scan.object(what + " pushed response", pushed.get(10, TimeUnit.SECONDS));
      scan.object(what + " future", pushed);
    } catch (ExecutionException e) {
      scan.throwable(what + " push", e);
      failed++;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(what + ": streamAsync hung", e);
    }
    return failed;
  }

  static ChatResponse drain(ChatStream stream, LeakScan scan) {
    scan.object("stream", stream);
    try (stream) {
      for (StreamEvent e : stream) scan.object("event", e);
      return stream.response();
    }
  }

  /** The config path: a {@link ProviderConfig} holding the key, its factory, and a factory error next to the key. */
  private static void configBuilt(Provider p, String root, ApiKey key, LeakScan scan) {
    String base = root + p.basePath;
    ProviderConfig config = ProviderConfig.builder(p.id(), "some-model").apiKey(key).baseUrl(base).build();
    scan.object("provider config", config);
    ChatModelFactory factory = ChatModelFactory.forProvider(p.id()).orElseThrow();
    scan.object("factory model", factory.chatModel(config));
    ProviderConfig bad = ProviderConfig.builder(p.id(), "some-model").apiKey(key).baseUrl(base)
        .option("noSuchOption", key.reveal()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.chatModel(bad));
    scan.throwable("factory error", e);
    Map<String, String> unused = Map.of();
    scan.object("empty", unused);
  }
}
