package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConfigFileExampleTest {
  private static final Map<String, String> KEYS = Map.of("OPENAI_API_KEY", "sk-openai-test", "ANTHROPIC_API_KEY", "sk-ant-test");

  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();
  @TempDir Path dir;

  /** The shipped sample, from the module directory (Maven's working directory) or the repository root. */
  private static Path sample() {
    Path inModule = Path.of("crossfeed.example.json");
    return Files.isRegularFile(inModule) ? inModule : ConfigFileExample.SAMPLE;
  }

  @Test
  void theShippedSampleConfigLoads() {
    RoutingConfig config = RoutingConfigLoader.create().environment(KEYS).load(sample());

    assertEquals(List.of("default", "cheap"), List.copyOf(config.routeNames()));
    assertEquals(List.of("gpt", "claude"), config.router("default").models());
  }

  @Test
  void routesAreReadFromTheFileAndKeysFromTheEnvironment() throws IOException {
    Path file = dir.resolve("crossfeed.json");
    Files.writeString(file, "{\"models\": {"
        + "\"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\", \"baseUrl\": \"" + openAi.baseUrl() + "\"},"
        + "\"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\", \"baseUrl\": \"" + anthropic.baseUrl() + "\"}},"
        + "\"routes\": {\"default\": {\"models\": [\"gpt\", \"claude\"]}}}");
    openAi.enqueue(FakeResponse.failure(Failure.SERVER_ERROR));
    anthropic.enqueue(FakeResponse.text("Routing without a rebuild."));

    ChatResponse r = ConfigFileExample.ask(file, KEYS, "default", "why?");

    assertEquals("Routing without a rebuild.", r.text());
    assertEquals("Bearer sk-openai-test", openAi.takeRequest().header("authorization").orElseThrow());
    assertEquals("sk-ant-test", anthropic.takeRequest().header("x-api-key").orElseThrow());
  }

  @Test
  void aMissingKeyIsNamedWithItsVariableKeyAndFile() {
    RoutingConfigException e =
        assertThrows(RoutingConfigException.class, () -> ConfigFileExample.ask(sample(), Map.of(), "default", "hi"));

    assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
    assertEquals("models.gpt.apiKey", e.key().orElseThrow());
    assertTrue(e.getMessage().contains("crossfeed.example.json"), e.getMessage());
  }
}
