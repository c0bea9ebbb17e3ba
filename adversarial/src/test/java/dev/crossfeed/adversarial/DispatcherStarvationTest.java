package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 1: hedged and async calls go through OkHttp's dispatcher, whose defaults run 5 calls per host
 * and queue the rest. 30 concurrent callers on one healthy model answering in 1 s under a 2.5 s deadline: with
 * the defaults only 10 succeeded when hedging was on (never reached) or calls were async, the rest were TIMEOUTs
 * blamed on the model. On the default (shared) client they must all succeed, hedged or not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatcherStarvationTest {
  private static final int CALLERS = 30;

  private final FakeOpenAiServer server = new FakeOpenAiServer();
  private final ChatModel model =
      OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-starvation-test")).model("gpt-4o-mini").build();

  private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS, r -> {
    Thread t = new Thread(r, "starvation-caller");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void close() {
    callers.shutdownNow();
    model.close();
    server.close();
  }

  @Test
  void hedgedCallsOnTheDefaultClientDoNoWorseThanUnhedged() throws Exception {
    Router hedged = Router.builder().model("gpt", model).timeout(Duration.ofMillis(2500)).hedgeAfter(Duration.ofSeconds(10)).build();
    assertEquals(CALLERS, succeeded(r -> CompletableFuture.supplyAsync(() -> hedged.chat(r), callers)), "hedged chat");
  }

  @Test
  void routedChatAsyncOnTheDefaultClientIsNotQueuedBehindFiveCalls() throws Exception {
    Router router = Router.builder().model("gpt", model).timeout(Duration.ofMillis(2500)).build();
    assertEquals(CALLERS, succeeded(router::chatAsync), "routed chatAsync");
  }

  private int succeeded(Function<ChatRequest, CompletableFuture<ChatResponse>> call) throws InterruptedException {
    for (int i = 0; i < CALLERS; i++) server.enqueue(FakeResponse.text("ok").headersDelay(Duration.ofSeconds(1)));
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) calls.add(call.apply(ChatRequest.of("hi")));
    int ok = 0;
    List<String> failures = new ArrayList<>();
    for (CompletableFuture<ChatResponse> f : calls) {
      try {
        f.get(20, TimeUnit.SECONDS);
        ok++;
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        failures.add(c instanceof ChatModelException ? ((ChatModelException) c).failure().toString() : String.valueOf(c));
      } catch (java.util.concurrent.TimeoutException e) {
        failures.add("no answer");
      }
    }
    if (ok != CALLERS) System.err.println("failures: " + failures);
    return ok;
  }
}
