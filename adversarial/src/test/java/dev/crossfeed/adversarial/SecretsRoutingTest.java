package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.adversarial.logging.LogCapture;
import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import dev.crossfeed.testing.FakeProviderServer;
import dev.crossfeed.testing.FakeResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * Routing with sentinel keys loaded from the environment through a config file: routes that fall back across every
 * failure class (the failing provider echoing its key), routes where everything fails, streams, listener events,
 * route traces, configs and routers: no sentinel anywhere, nor in any (debug) log line.
 */
@Timeout(60)
@Order(11)
class SecretsRoutingTest {
  static final ChatRequest REQUEST = ChatRequest.of("hi");
  static final OkHttpClient DRAIN = new OkHttpClient();

  @Test
  void noKeyEscapesARouteLoadedFromConfig() throws Exception {
    LeakScan scan = new LeakScan();
    Fakes.Keys keys = new Fakes.Keys();
    long debugBefore = LogCapture.count(Level.DEBUG);
    int calls = 0;
    try (Fakes fakes = new Fakes()) {
      RoutingConfigLoader loader = RoutingConfigLoader.create().environment(Fakes.environment(keys)).listener(listening(scan));
      scan.object("loader", loader);
      RoutingConfig config = loader.load(fakes.config(""), "secrets.json");
      Router router = config.router("default");
      scan.object("config", config).object("router", router).object("router info", router.info());

      fakes.openai.enqueue(FakeResponse.text("Hello"), FakeResponse.text("Hello"));
      ChatResponse r = router.chat(REQUEST);
      scan.object("response", r).object("trace", r.routeTrace());
      scan.object("async response", router.chatAsync(REQUEST).get(10, TimeUnit.SECONDS));
      calls += 2;

      String echo = "API key not valid. Incorrect API key provided: " + keys.openai;
      for (Failure f : fakes.openai.supportedFailures()) {
        boolean native_ = f != Failure.CONNECTION && f != Failure.INVALID_RESPONSE;
        FakeResponse failure = native_
            ? FakeResponse.failure(f).message(echo).retryAfter(Duration.ofMillis(5)) : FakeResponse.failure(f);
        fakes.openai.enqueue(failure, failure);
        fakes.anthropic.enqueue(FakeResponse.text("from claude"));
        RouteTrace trace;
        try {
          ChatResponse answer = router.chat(REQUEST);
          scan.object(f + " answer", answer);
          trace = answer.routeTrace();
        } catch (ChatModelException e) {
          scan.throwable(f + " routed failure", e);
          trace = e.routeTrace();
        }
        scan.object(f + " trace", trace);
        assertEquals("gpt", trace.attempts().get(0).model(), f + ": the echoing model was tried: " + trace);
        calls++;
        drainScripts(fakes);
        // the route benches a failed model for its 1 ms cooldown; fakes answer faster than that now (TCP_NODELAY),
        // so let it pass or the next scenario skips the echoing model
        Thread.sleep(5);
      }

      // everything fails, each provider echoing its own key
      fakes.openai.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.openai));
      fakes.anthropic.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.anthropic));
      fakes.gemini.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.gemini));
      fakes.ollama.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.ollama));
      ChatModelException all = assertThrows(ChatModelException.class, () -> router.chat(REQUEST));
      assertEquals(4, all.routeTrace().attempts().size(), all.routeTrace().toString());
      scan.throwable("everything failed", all);
      calls++;

      // streams: a pre-content failure falls over; a post-content one is interrupted
      fakes.openai.enqueue(FakeResponse.text("a b c").errorAfter(0, Failure.OVERLOADED));
      fakes.anthropic.enqueue(FakeResponse.text("from claude"));
      scan.object("stream answer", SecretsProviderTest.drain(router.stream(REQUEST), scan));
      fakes.openai.enqueue(FakeResponse.text("a b c").cutAfter(1));
      scan.throwable("interrupted stream",
          assertThrows(ChatModelException.class, () -> SecretsProviderTest.drain(router.stream(REQUEST), scan)));
      calls += 2;
      drainScripts(fakes);
      for (String name : router.models()) scan.object("breaker " + name, router.breakerState(name));
    }
    assertTrue(LogCapture.count(Level.DEBUG) > debugBefore, "routing logged at debug and it was captured");
    scan.assertNoLeak("routing");
    Report.line("secrets routing: " + calls + " routed calls over 4 providers loaded with ${VAR} keys (every failure class,"
        + " all-fail, streams, listener events): " + scan.texts() + " texts scanned, no sentinel");
  }

  /** Misplacements whose errors come from the providers (base URL, options): the value is never echoed. */
  @Test
  void providerConfigErrorsNeverEchoAKeyFromTheEnvironment() {
    assertNoEcho("provider config errors", fakes -> List.of(
        fakes.config("").replace("\"baseUrl\": \"" + fakes.openai.baseUrl() + "\"", "\"baseUrl\": \"${OPENAI_API_KEY}\""),
        fakes.config("").replace("\"baseUrl\": \"" + fakes.openai.baseUrl() + "\"",
            "\"baseUrl\": \"http://example.com/${OPENAI_API_KEY}\""),
        fakes.config("").replace("\"model\": \"gpt-4o-mini\",", "\"model\": \"gpt-4o-mini\", \"options\": {\"x\": \"${OPENAI_API_KEY}\"},"),
        fakes.config("").replace("${ANTHROPIC_API_KEY}", "${OPENAI_API_KEY}\\n")));
  }

  /**
   * Misplacements whose errors come from the config reader ("bad duration …", "unknown provider …", "expected a
   * whole number, not …"): a key variable in the wrong field must be quoted as its reference
   * ({@code ${OPENAI_API_KEY}}), never as its value (the CLI prints these errors, exit 2).
   */
  @Test
  void configValueErrorsNeverEchoAKeyFromTheEnvironment() {
    assertNoEcho("config value errors", fakes -> {
      String good = fakes.config("");
      String model = "\"model\": \"gpt-4o-mini\",";
      return List.of(
          good.replace("\"timeout\": \"5s\"}", "\"timeout\": \"${OPENAI_API_KEY}\"}"),
          good.replace("\"provider\": \"openai\"", "\"provider\": \"${OPENAI_API_KEY}\""),
          good.replace("\"strategy\": \"fallback\"", "\"strategy\": \"${OPENAI_API_KEY}\""),
          good.replace("\"maxAttempts\": 2", "\"maxAttempts\": \"${OPENAI_API_KEY}\""),
          good.replace("[\"gpt\", \"claude\", \"gemini\", \"llama\"]", "[\"gpt\", \"${OPENAI_API_KEY}\"]"),
          good.replace("\"timeout\": \"20s\"", "\"timeout\": \"20s\", \"weights\": {\"gpt\": \"${OPENAI_API_KEY}\"}"),
          good.replace(model, model + " \"contextWindow\": \"${OPENAI_API_KEY}\","),
          good.replace(model, model + " \"type\": \"${OPENAI_API_KEY}\","),
          good.replace(model, model + " \"allowInsecureHttp\": \"${OPENAI_API_KEY}\","));
    });
  }

  /**
   * A key variable misplaced into a provider's numeric, boolean or duration option, or into a base URL the provider
   * cannot parse: the provider's own exception quotes the value; the config error shows the reference in its message
   * and must not carry the value in its cause chain either (a logged stack trace prints it).
   */
  @Test
  void providerOptionErrorsNeverCarryAKeyInTheirCauseChain() {
    assertNoEcho("provider option errors (cause chains)", fakes -> {
      String good = fakes.config("");
      List<String> configs = new java.util.ArrayList<>();
      Map<String, List<String>> options = Map.of(
          "\"model\": \"gpt-4o-mini\",", List.of("developerRole", "maxCompletionTokens", "streamUsage"),
          "\"model\": \"claude-haiku-4-5\",", List.of("defaultMaxTokens", "thinkingBudgetTokens"),
          "\"model\": \"gemini-2.5-flash\",", List.of("includeThoughts"),
          "\"model\": \"llama3.2\",", List.of("numCtx", "keepAlive"));
      options.forEach((model, names) -> {
        for (String option : names) {
          configs.add(good.replace(model, model + " \"options\": {\"" + option + "\": \"${OPENAI_API_KEY}\"},"));
        }
      });
      configs.add(good.replace(
          "\"model\": \"gpt-4o-mini\",", "\"model\": \"gpt-4o-mini\", \"type\": \"embedding\", \"options\": {\"dimensions\": \"${OPENAI_API_KEY}\"},")
          .replace("\"gpt\", \"claude\"", "\"claude\"").replace("\"models\": [\"claude\"", "\"models\": [\"gpt\", \"claude\""));
      for (FakeProviderServer f : List.of(fakes.openai, fakes.anthropic, fakes.gemini, fakes.ollama)) {
        configs.add(good.replace("\"baseUrl\": \"" + f.baseUrl() + "\"", "\"baseUrl\": \"${OPENAI_API_KEY}\""));
        configs.add(good.replace("\"baseUrl\": \"" + f.baseUrl() + "\"", "\"baseUrl\": \"https://${OPENAI_API_KEY}:x/\""));
      }
      return configs;
    });
  }

  private static void assertNoEcho(String suite, Function<Fakes, List<String>> configs) {
    LeakScan scan = new LeakScan();
    Map<String, String> env = Fakes.environment(new Fakes.Keys());
    int n;
    try (Fakes fakes = new Fakes()) {
      List<String> misplaced = configs.apply(fakes);
      n = misplaced.size();
      for (int i = 0; i < n; i++) {
        String json = misplaced.get(i);
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
            () -> RoutingConfigLoader.create().environment(env).load(json, "misplaced.json"), "case " + i);
        scan.throwable("case " + i + " (" + e.key().orElse("?") + ")", e);
      }
    }
    scan.assertNoLeak(suite);
    Report.line("secrets " + suite + ": " + n + " configs with a key variable in the wrong place, " + scan.texts()
        + " texts scanned: no sentinel");
  }

  /** Serves leftover scripted answers (for models the router did not need), so none leaks into the next scenario. */
  private static void drainScripts(Fakes fakes) {
    for (FakeProviderServer f : List.of(fakes.openai, fakes.anthropic, fakes.gemini, fakes.ollama)) {
      while (f.pending() > 0) {
        Request r = new Request.Builder().url(f.url("/drain")).build();
        try (Response ignored = DRAIN.newCall(r).execute()) {
          // one scripted answer consumed
        } catch (IOException e) {
          // a scripted dropped connection: consumed too
        }
      }
    }
  }

  private static RouterListener listening(LeakScan scan) {
    return new RouterListener() {
      @Override
      public void attemptStarted(RouteEvent.AttemptStarted e) {
        scan.text("attemptStarted", e.route() + e.model());
      }

      @Override
      public void attemptFinished(RouteEvent.AttemptFinished e) {
        scan.object("attemptFinished", e.result());
      }

      @Override
      public void retryScheduled(RouteEvent.RetryScheduled e) {
        scan.text("retryScheduled", e.route() + e.model() + e.reason() + e.delay());
      }

      @Override
      public void fallback(RouteEvent.Fallback e) {
        scan.text("fallback", e.route() + e.from() + e.to() + e.reason());
      }

      @Override
      public void breakerStateChanged(RouteEvent.BreakerStateChanged e) {
        scan.text("breaker", e.route() + e.model() + e.from() + e.to());
      }

      @Override
      public void modelSkipped(RouteEvent.ModelSkipped e) {
        scan.text("modelSkipped", e.route() + e.model() + e.detail());
      }
    };
  }
}
