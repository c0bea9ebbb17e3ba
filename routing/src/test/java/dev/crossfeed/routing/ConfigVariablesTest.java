package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variable forms ({@code ${VAR:-default}}, {@code ${VAR:?message}}), which models' variables are required, and the
 * file itself (a UTF-8 byte-order mark, the size cap).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigVariablesTest {
  private final TestFactory factory = new TestFactory(Set.of("openai", "anthropic"));

  private RoutingConfig load(String json, Map<String, String> env) {
    return RoutingConfigLoader.create().environment(env).factory(factory).load(json, "vars.json");
  }

  private RoutingConfigException loadError(String json, Map<String, String> env) {
    return assertThrows(RoutingConfigException.class, () -> load(json, env));
  }

  private static String oneModel(String modelFields) {
    return "{\"models\": {\"m\": {\"provider\": \"openai\", " + modelFields + "}}, \"routes\": {\"r\": {\"models\": [\"m\"]}}}";
  }

  @Test
  void aDefaultIsUsedWhenTheVariableIsUnsetOrEmpty() {
    String json = oneModel("\"model\": \"${MODEL:-gpt-4o-mini}\", \"baseUrl\": \"http://${HOST:-localhost:11434}/v1\"");
    load(json, Map.of());
    load(json, Map.of("MODEL", "", "HOST", ""));
    load(json, Map.of("MODEL", "gpt-5", "HOST", "example.test"));
    assertEquals("gpt-4o-mini", factory.configs.get(0).model());
    assertEquals("http://localhost:11434/v1", factory.configs.get(0).baseUrl().orElseThrow());
    assertEquals("gpt-4o-mini", factory.configs.get(1).model(), "an empty variable takes the default, as in a shell");
    assertEquals("gpt-5", factory.configs.get(2).model());
    assertEquals("http://example.test/v1", factory.configs.get(2).baseUrl().orElseThrow());
  }

  @Test
  void aDefaultMayBeEmptyAndMayHoldColonsAndDashes() {
    load(oneModel("\"model\": \"x${SUFFIX:-}\", \"baseUrl\": \"${URL:-http://localhost:8080/a-b:c}\""), Map.of());
    assertEquals("x", factory.configs.get(0).model());
    assertEquals("http://localhost:8080/a-b:c", factory.configs.get(0).baseUrl().orElseThrow());
  }

  @Test
  void numbersAndDurationsTakeDefaultsToo() {
    String json = "{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"contextWindow\": \"${CTX:-32000}\"}},"
        + " \"routes\": {\"r\": {\"models\": [\"m\"], \"timeout\": \"${TIMEOUT:-45s}\"}}}";
    Router r = load(json, Map.of()).router("r");
    assertEquals(32_000, r.member("m").contextWindow);
    assertEquals(TimeUnit.SECONDS.toNanos(45), r.settings.timeout);
  }

  @Test
  void aRequiredVariableFailsWithItsMessageNamingTheKey() {
    RoutingConfigException e = loadError(oneModel("\"model\": \"x\", \"apiKey\": \"${OPENAI_API_KEY:?set it from the vault}\""), Map.of());
    assertEquals("models.m.apiKey", e.key().orElseThrow());
    assertEquals("environment variable OPENAI_API_KEY is not set: set it from the vault (key models.m.apiKey) in vars.json", e.getMessage());
    RoutingConfigException empty = loadError(oneModel("\"model\": \"x\", \"apiKey\": \"${OPENAI_API_KEY:?}\""), Map.of("OPENAI_API_KEY", ""));
    assertEquals("environment variable OPENAI_API_KEY is not set (key models.m.apiKey) in vars.json", empty.getMessage());
    load(oneModel("\"model\": \"x\", \"apiKey\": \"${OPENAI_API_KEY:?set it}\""), Map.of("OPENAI_API_KEY", "sk-from-env-123"));
    assertEquals("sk-from-env-123", factory.configs.get(0).apiKey().orElseThrow().reveal());
  }

  @Test
  void malformedReferencesAreNamed() {
    assertTrue(loadError(oneModel("\"model\": \"${1BAD:-x}\""), Map.of()).getMessage().contains("bad variable name '${1BAD:-x}'"));
    assertTrue(loadError(oneModel("\"model\": \"${X:+y}\""), Map.of()).getMessage().contains("bad variable name '${X:+y}'"));
    assertTrue(loadError(oneModel("\"model\": \"${X:-y\""), Map.of()).getMessage().contains("unterminated ${"));
  }

  @Test
  void aKeyFromTheEnvironmentInTheWrongFieldIsShownAsItsReferenceInEveryForm() {
    String secret = "sk-SENTINEL-misplaced-123";
    for (String ref : new String[] {"${KEY}", "${KEY:-fallback}", "${KEY:?needed}"}) {
      RoutingConfigException e = loadError(
          "{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\", \"contextWindow\": \"" + ref + "\"}},"
              + " \"routes\": {\"r\": {\"models\": [\"m\"]}}}",
          Map.of("KEY", secret));
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertTrue(e.getMessage().contains(ref), e.getMessage());
    }
  }

  @Test
  void variablesOfAModelNoRouteUsesAreNotRequired() {
    String json = "{\"models\": {"
        + "\"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\"},"
        + "\"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\"}},"
        + " \"routes\": {\"r\": {\"models\": [\"gpt\"]}}}";
    Router r = load(json, Map.of("OPENAI_API_KEY", "sk-openai-1234")).router("r");
    assertEquals(java.util.List.of("gpt"), r.models());
    assertEquals(1, factory.configs.size(), "an unused model is not created: " + factory.configs);
  }

  @Test
  void aModelUsedOnlyAsAContentFilterFallbackStillNeedsItsVariables() {
    String json = "{\"models\": {"
        + "\"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\"},"
        + "\"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\"}},"
        + " \"routes\": {\"r\": {\"models\": [\"gpt\"], \"contentFilterFallback\": \"claude\"}}}";
    RoutingConfigException e = loadError(json, Map.of());
    assertEquals("models.claude.apiKey", e.key().orElseThrow());
    assertTrue(e.getMessage().contains("environment variable ANTHROPIC_API_KEY is not set"), e.getMessage());
  }

  @Test
  void aRouteNeedingAMissingVariableStillFailsNamingIt() {
    String json = "{\"models\": {"
        + "\"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\"},"
        + "\"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\"}},"
        + " \"routes\": {\"r\": {\"models\": [\"gpt\"]}, \"backup\": {\"models\": [\"claude\"]}}}";
    RoutingConfigException e = loadError(json, Map.of("OPENAI_API_KEY", "sk-openai-1234"));
    assertEquals("models.claude.apiKey", e.key().orElseThrow());
    assertTrue(e.getMessage().contains("environment variable ANTHROPIC_API_KEY is not set"), e.getMessage());
  }

  @Test
  void anUnusedModelIsStillCheckedForUnknownKeysAndRequiredOnes() {
    String typo = "{\"models\": {\"gpt\": {\"provider\": \"openai\", \"model\": \"x\"},"
        + " \"old\": {\"provider\": \"openai\", \"model\": \"y\", \"apiKee\": \"${GONE}\"}}, \"routes\": {\"r\": {\"models\": [\"gpt\"]}}}";
    RoutingConfigException e = loadError(typo, Map.of());
    assertEquals("models.old.apiKee", e.key().orElseThrow());
    String noModel = "{\"models\": {\"gpt\": {\"provider\": \"openai\", \"model\": \"x\"},"
        + " \"old\": {\"provider\": \"openai\"}}, \"routes\": {\"r\": {\"models\": [\"gpt\"]}}}";
    assertEquals("models.old.model", loadError(noModel, Map.of()).key().orElseThrow());
  }

  @Test
  void aFileWithAUtf8ByteOrderMarkLoads(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bom.json");
    Files.write(file, ("\ufeff" + oneModel("\"model\": \"x\"")).getBytes(StandardCharsets.UTF_8));
    assertEquals(java.util.List.of("m"), RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(file).router("r").models());
    assertEquals(java.util.List.of("m"), load("\ufeff" + oneModel("\"model\": \"x\""), Map.of()).router("r").models(), "text with a BOM too");
  }

  @Test
  void aFileAboveTheSizeCapIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.json");
    byte[] big = new byte[RoutingConfigLoader.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    Files.write(file, big);
    RoutingConfigException e = assertThrows(RoutingConfigException.class,
        () -> RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(file));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    assertEquals(file.toString(), e.source());
  }

  @Test
  void aStreamWithoutEndIsCutAtTheCap() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "needs /dev/zero");
    RoutingConfigException e = assertThrows(RoutingConfigException.class,
        () -> RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(zero));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void aDurationBeyondWhatADeadlineCanHoldFailsNamingTheKey() {
    String json = "{\"models\": {\"m\": {\"provider\": \"openai\", \"model\": \"x\"}},"
        + " \"routes\": {\"r\": {\"models\": [\"m\"], \"timeout\": \"999999999999h\"}}}";
    RoutingConfigException e = loadError(json, Map.of());
    assertEquals("routes.r.timeout", e.key().orElseThrow());
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
    String model = oneModel("\"model\": \"x\", \"timeout\": \"9999999999999ms\"");
    assertTrue(loadError(model, Map.of()).getMessage().contains("bad duration"), "13 digits is not a duration");
    String provider = oneModel("\"model\": \"x\", \"timeout\": \"3000000000h\"");
    assertEquals("models.m.timeout", loadError(provider, Map.of()).key().orElseThrow());
  }
}
