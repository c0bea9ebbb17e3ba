package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Usage;
import dev.crossfeed.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing config file format: a good file, env substitution, defaults, and every kind of load error. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigLoaderTest {
  private static final String EXAMPLE =
      "{\n"
          + "  \"models\": {\n"
          + "    \"gpt\":    {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\",\n"
          + "               \"baseUrl\": \"http://${HOST}/v1\", \"contextWindow\": 128000,\n"
          + "               \"inputPricePerMTok\": 0.15, \"outputPricePerMTok\": 0.60},\n"
          + "    \"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\"}\n"
          + "  },\n"
          + "  \"routes\": {\n"
          + "    \"default\": {\n"
          + "      \"strategy\": \"weighted\",\n"
          + "      \"models\": [\"gpt\", \"claude\"],\n"
          + "      \"weights\": {\"gpt\": 3, \"claude\": 1},\n"
          + "      \"timeout\": \"60s\", \"attemptTimeout\": \"20s\", \"firstTokenTimeout\": \"10s\",\n"
          + "      \"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"250ms\", \"maxBackoff\": \"5s\", \"maxRetryAfter\": \"2m\"},\n"
          + "      \"circuitBreaker\": {\"failureThreshold\": 4, \"cooldown\": \"30s\", \"longCooldown\": \"1h\"},\n"
          + "      \"hedge\": {\"after\": \"2s\", \"maxHedges\": 2}\n"
          + "    },\n"
          + "    \"cheap\": {\"models\": [\"claude\"]}\n"
          + "  }\n"
          + "}\n";

  private static final Map<String, String> ENV =
      Map.of("OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test", "HOST", "localhost:8080");

  private final TestFactory factory = new TestFactory(Set.of("openai", "anthropic"));

  private RoutingConfigLoader loader() {
    return RoutingConfigLoader.create().environment(ENV).factory(factory);
  }

  private RoutingConfigException loadError(String json) {
    return assertThrows(RoutingConfigException.class, () -> loader().load(json, "test.json"));
  }

  @Test
  void loadsTheExampleWithEveryKey() {
    RoutingConfig config = loader().load(EXAMPLE, "crossfeed.json");

    assertEquals(List.of("default", "cheap"), List.copyOf(config.routeNames()));
    Router r = config.router("default");
    assertEquals(List.of("gpt", "claude"), r.models());
    Settings s = r.settings;
    assertEquals(Strategy.WEIGHTED, s.strategy);
    assertEquals(Duration.ofSeconds(60).toNanos(), s.timeout);
    assertEquals(Duration.ofSeconds(20).toNanos(), s.attemptTimeout);
    assertEquals(Duration.ofSeconds(10).toNanos(), s.firstTokenTimeout);
    assertEquals(3, s.maxAttempts);
    assertEquals(Duration.ofMillis(250).toNanos(), s.initialBackoff);
    assertEquals(Duration.ofSeconds(5).toNanos(), s.maxBackoff);
    assertEquals(Duration.ofMinutes(2).toNanos(), s.maxRetryAfter);
    assertEquals(4, s.failureThreshold);
    assertEquals(Duration.ofSeconds(30).toNanos(), s.breakerCooldown);
    assertEquals(Duration.ofHours(1).toNanos(), s.longCooldown);
    assertEquals(Duration.ofSeconds(2).toNanos(), s.hedgeAfter);
    assertEquals(2, s.maxHedges);
    assertEquals(3, r.member("gpt").weight);

    ProviderConfig gpt = factory.configs.get(0);
    assertEquals("sk-test-openai", gpt.apiKey().orElseThrow().reveal());
    assertEquals("http://localhost:8080/v1", gpt.baseUrl().orElseThrow());
    assertEquals(128_000, gpt.infoOverride().orElseThrow().contextWindow().getAsInt());
    assertFalse(gpt.toString().contains("sk-test"), "keys stay redacted");
    assertEquals(0.15, r.member("gpt").info.inputPricePerMTok().getAsDouble());
  }

  @Test
  void omittedKeysTakeTheDocumentedDefaults() {
    Settings s = loader().load(EXAMPLE, "crossfeed.json").router("cheap").settings;

    assertEquals(Strategy.FALLBACK, s.strategy);
    assertEquals(Duration.ofSeconds(60).toNanos(), s.timeout);
    assertEquals(0, s.attemptTimeout);
    assertEquals(0, s.firstTokenTimeout);
    assertEquals(2, s.maxAttempts);
    assertEquals(Duration.ofMillis(200).toNanos(), s.initialBackoff);
    assertEquals(Duration.ofSeconds(5).toNanos(), s.maxBackoff);
    assertEquals(Duration.ofSeconds(30).toNanos(), s.maxRetryAfter);
    assertEquals(5, s.failureThreshold);
    assertEquals(Duration.ofSeconds(30).toNanos(), s.breakerCooldown);
    assertEquals(Duration.ofMinutes(10).toNanos(), s.longCooldown);
    assertEquals(0, s.hedgeAfter);
  }

  @Test
  void configuredPricesPriceTheAnswers() {
    Router r = loader().load(EXAMPLE, "crossfeed.json").router("default");
    ChatResponse answer = r.chat(ChatRequest.builder().user("hi").model("gpt").build());
    Usage u = answer.usage();
    double expected = (u.inputTokens() * 0.15 + u.outputTokens() * 0.60) / 1_000_000d;
    assertEquals(expected, answer.cost().orElseThrow().totalUsd(), 1e-12);
  }

  @Test
  void loadsFromAFileAndNamesAMissingOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crossfeed.json");
    Files.writeString(file, EXAMPLE);
    assertEquals("from gpt-4o-mini", loader().load(file).router("default").chat(ChatRequest.builder().user("x").model("gpt").build()).text());

    Path missing = dir.resolve("nope.json");
    RoutingConfigException e = assertThrows(RoutingConfigException.class, () -> loader().load(missing));
    assertEquals(missing.toString(), e.source());
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
  }

  @Test
  void aMissingEnvironmentVariableIsNamed() {
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class, () -> RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(EXAMPLE, "prod.json"));
    assertEquals("models.gpt.apiKey", e.key().orElseThrow());
    assertEquals("environment variable OPENAI_API_KEY is not set (key models.gpt.apiKey) in prod.json", e.getMessage());
  }

  @Test
  void aKeyFromTheEnvironmentInTheWrongFieldIsShownAsItsReference() {
    String secret = "sk-SENTINEL-in-the-wrong-place";
    String json =
        "{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"contextWindow\": \"${KEY}\"}},"
            + " \"routes\": {\"r\": {\"models\": [\"m\"], \"strategy\": \"${KEY}\"}}}";
    RoutingConfigException e = assertThrows(RoutingConfigException.class,
        () -> RoutingConfigLoader.create().environment(Map.of("KEY", secret)).factory(factory).load(json, "t.json"));
    assertFalse(e.getMessage().contains(secret), e.getMessage());
    assertTrue(e.getMessage().contains("${KEY}"), e.getMessage());
  }

  @Test
  void numbersAndEscapesMayComeFromTheEnvironment() {
    String json =
        "{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"$${literal}\", \"contextWindow\": \"${CTX}\"}},"
            + " \"routes\": {\"r\": {\"models\": [\"m\"], \"retry\": {\"maxAttempts\": \"${TRIES}\"}}}}";
    Router r = RoutingConfigLoader.create().environment(Map.of("CTX", "32000", "TRIES", "4")).factory(factory).load(json, "t.json").router("r");
    assertEquals(32_000, r.member("m").contextWindow);
    assertEquals(4, r.settings.maxAttempts);
    assertEquals("${literal}", factory.configs.get(0).model());
  }

  @Test
  void providersAreFoundThroughServiceLoader() {
    String json = "{\"models\": {\"m\": {\"provider\": \"spi-test\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}}";
    Router r = RoutingConfigLoader.create().environment(Map.of()).load(json, "t.json").router("r");
    assertEquals("from x", r.chat("hi").text());
  }

  @Test
  void embeddingModelsServeTheRoutersEmbed() {
    String json =
        "{\"models\": {\"e\": {\"provider\": \"openai\", \"model\": \"text-embedding-3-small\", \"type\": \"embedding\"}},"
            + " \"routes\": {\"r\": {\"models\": [\"e\"]}}}";
    Router r = loader().load(json, "t.json").router("r");
    assertEquals(3f, r.embed("abc")[0]);
  }

  @Test
  void anUnknownRouteListsTheRoutes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader().load(EXAMPLE, "c.json").router("fast"));
    assertEquals("no route 'fast' in c.json; routes: default, cheap", e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "unknown top-level key | {\"models\": {}, \"rotues\": {}} | rotues | unknown key 'rotues' (did you mean 'routes'?)",
        "unknown model key | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"apikey\": \"k\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.apikey | did you mean 'apiKey'?",
        "unknown route key | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"tiemout\": \"5s\"}}} | routes.r.tiemout | did you mean 'timeout'?",
        "unknown retry key | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"retry\": {\"attempts\": 2}}}} | routes.r.retry.attempts | unknown key 'attempts'",
        "bad duration | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"timeout\": \"5 sec\"}}} | routes.r.timeout | bad duration '5 sec'",
        "fractional duration | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"hedge\": {\"after\": \"1.5s\"}}}} | routes.r.hedge.after | bad duration '1.5s'",
        "zero timeout | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"attemptTimeout\": \"0s\"}}} | routes.r.attemptTimeout | must be longer than zero",
        "unknown provider | {\"models\": {\"m\": {\"provider\": \"opneai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.provider | unknown provider 'opneai' (did you mean 'openai'?)",
        "provider module missing | {\"models\": {\"m\": {\"provider\": \"gemini\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.provider | add dev.crossfeed:crossfeed-gemini",
        "undefined route model | {\"models\": {\"gpt\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"gpt\", \"gtp4\"]}}} | routes.r.models[1] | model 'gtp4' is not defined under models",
        "missing provider | {\"models\": {\"m\": {\"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.provider | missing required key",
        "missing route models | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {}}} | routes.r.models | missing required key",
        "empty route models | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": []}}} | routes.r.models | expected a non-empty array",
        "duplicate route model | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\", \"m\"]}}} | routes.r.models[1] | listed twice",
        "not a number | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"contextWindow\": \"big\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.contextWindow | expected a whole number, not 'big'",
        "zero attempts | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"retry\": {\"maxAttempts\": 0}}}} | routes.r.retry.maxAttempts | must be at least 1",
        "negative price | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"inputPricePerMTok\": -1}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.inputPricePerMTok | must be a finite number >= 0",
        "weight for another model | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"weights\": {\"n\": 2}}}} | routes.r.weights.n | not one of this route's models",
        "unknown strategy | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"strategy\": \"fastest\"}}} | routes.r.strategy | unknown strategy 'fastest'",
        "wrong type | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": 4}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.model | expected a string",
        "unknown capability | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"capabilities\": [\"telepathy\"]}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.capabilities[0] | unknown capability 'telepathy'",
        "backoff order | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"retry\": {\"initialBackoff\": \"10s\", \"maxBackoff\": \"1s\"}}}} | routes.r.retry.maxBackoff | shorter than initialBackoff",
        "hedge without delay | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"hedge\": {}}}} | routes.r.hedge.after | missing required key",
        "unknown policy fallback | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {\"r\": {\"models\": [\"m\"], \"contentFilterFallback\": \"safe\"}}} | routes.r.contentFilterFallback | model 'safe' is not defined",
        "provider rejects | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"options\": {\"reject\": \"1\"}}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m | unknown option: reject",
        "bad type | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"type\": \"image\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}} | models.m.type | type must be chat or embedding",
        "no routes | {\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}}, \"routes\": {}} | routes | must define at least one entry",
      })
  void loadErrorsNameTheKeyAndTheFile(String what, String json, String key, String message) {
    RoutingConfigException e = loadError(json);
    assertEquals(key, e.key().orElse(""), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().endsWith(" in test.json"), e.getMessage());
    assertEquals("test.json", e.source());
  }

  @Test
  void malformedJsonAndDuplicateKeysAreLoadErrors() {
    RoutingConfigException bad = loadError("{\"models\": {\n  \"m\": {\"provider\": \"openai\",,}}}");
    assertTrue(bad.getMessage().startsWith("not valid JSON at line 2"), bad.getMessage());
    assertTrue(bad.key().isEmpty());

    RoutingConfigException dup = loadError("{\"models\": {\"m\": {\"provider\": \"openai\", \"provider\": \"anthropic\", \"model\": \"x\"}}, \"routes\": {}}");
    assertTrue(dup.getMessage().contains("Duplicate field 'provider'"), dup.getMessage());

    assertTrue(loadError("[1, 2]").getMessage().contains("must hold a JSON object"));
  }

  @Test
  void secretsNeverAppearInLoadErrors() {
    RoutingConfigException e = loadError("{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"apiKey\": \"sk-very-secret\\n\"}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}}");
    assertEquals("models.m.apiKey", e.key().orElseThrow());
    assertFalse(e.getMessage().contains("sk-very-secret"), e.getMessage());

    RoutingConfigException unquoted = loadError("{\"models\": {\"m\": {\"apiKey\": sk-proj-abcdefghijklmnopqrstuvwxyz0123456789}}}");
    assertFalse(unquoted.getMessage().contains("abcdefghijklmnopqrstuvwxyz"), unquoted.getMessage());
  }
}
