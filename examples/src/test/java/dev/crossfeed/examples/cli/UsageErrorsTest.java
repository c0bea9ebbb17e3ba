package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exit code 2: the message names the flag, key or file; nothing was sent; no stack trace; no key. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UsageErrorsTest {
  @AutoClose final FakeOpenAiServer gpt = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer claude = new FakeAnthropicServer();
  @TempDir Path dir;

  private String config() {
    return Cli.config(dir, gpt.baseUrl(), claude.baseUrl()).toString();
  }

  private Cli.Result usageError(Map<String, String> env, String... args) {
    Cli.Result r = Cli.run(env, args);
    assertEquals(2, r.code(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertTrue(r.err().startsWith("crossfeed chat: ") || r.err().startsWith("crossfeed: "), r::toString);
    assertFalse(r.err().contains("\tat "), () -> "stack trace printed:\n" + r);
    assertEquals(0, gpt.requestCount() + claude.requestCount(), "nothing may be sent");
    return r;
  }

  private Cli.Result usageError(String... args) {
    return usageError(Cli.ENV, args);
  }

  @Test
  void unknownFlagIsNamed() {
    Cli.Result r = usageError("chat", "--config", config(), "--temperature", "0.2", "hi");
    assertEquals("crossfeed chat: unknown flag --temperature (see crossfeed help)\n", r.err());
  }

  @Test
  void missingConfigFlagIsNamed() {
    Cli.Result r = usageError("chat", "hi");
    assertTrue(r.err().contains("--config FILE is required"), r::toString);
  }

  @Test
  void flagWithoutValueIsNamed() {
    Cli.Result r = usageError("chat", "hi", "--config");
    assertTrue(r.err().contains("--config needs a value"), r::toString);
  }

  @Test
  void badNumberIsNamed() {
    Cli.Result r = usageError("chat", "--config", config(), "--max-tokens", "many", "hi");
    assertTrue(r.err().contains("--max-tokens expects a whole number >= 1, not 'many'"), r::toString);
    r = usageError("chat", "--config", config(), "--repeat", "0", "hi");
    assertTrue(r.err().contains("--repeat"), r::toString);
  }

  @Test
  void concurrencyNeedsRepeat() {
    Cli.Result r = usageError("chat", "--config", config(), "--concurrency", "4", "hi");
    assertTrue(r.err().contains("--concurrency needs --repeat"), r::toString);
  }

  @Test
  void missingPromptIsReported() {
    Cli.Result r = usageError("chat", "--config", config());
    assertTrue(r.err().contains("missing PROMPT"), r::toString);
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.json");
    Cli.Result r = usageError("chat", "--config", missing.toString(), "hi");
    assertTrue(r.err().contains("file not found: " + missing), r::toString);
  }

  @Test
  void badJsonNamesTheFileAndLine() {
    Path file = Cli.write(dir.resolve("broken.json"), "{\n  \"models\": {\n    \"gpt\": {\"provider\": \"openai\",,}\n");
    Cli.Result r = usageError("chat", "--config", file.toString(), "hi");
    assertTrue(r.err().contains("not valid JSON"), r::toString);
    assertTrue(r.err().contains("line 3"), r::toString);
    assertTrue(r.err().contains(file.toString()), r::toString);
  }

  @Test
  void anUnquotedKeyInBrokenJsonIsNotEchoed() {
    Path file = Cli.write(dir.resolve("unquoted.json"),
        "{\"models\": {\"gpt\": {\"provider\": \"openai\", \"model\": \"m\", \"apiKey\": " + Cli.FILE_KEY + "}}}");
    Cli.Result r = usageError("chat", "--config", file.toString(), "hi"); // Cli.run asserts the key is absent
    assertTrue(r.err().contains("not valid JSON"), r::toString);
  }

  @Test
  void unknownKeyIsNamedWithItsPath() {
    Path file = Cli.write(dir.resolve("typo.json"), String.join("\n",
        "{\"models\": {\"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"" + Cli.FILE_KEY + "\",",
        "  \"baseUrl\": \"" + gpt.baseUrl() + "\", \"colour\": \"blue\"}},",
        " \"routes\": {\"default\": {\"models\": [\"gpt\"]}}}"));
    Cli.Result r = usageError("chat", "--config", file.toString(), "hi");
    assertTrue(r.err().contains("unknown key 'colour'"), r::toString);
    assertTrue(r.err().contains("models.gpt.colour"), r::toString);
    assertTrue(r.err().contains(file.toString()), r::toString);
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    Cli.Result r = usageError(Map.of(), "chat", "--config", config(), "hi");
    assertTrue(r.err().contains("TEST_OPENAI_KEY"), r::toString);
    assertTrue(r.err().contains("models.gpt.apiKey"), r::toString);
  }

  @Test
  void unknownRouteIsNamedWithTheRoutesThereAre() {
    Cli.Result r = usageError("chat", "--config", config(), "--route", "fast", "hi");
    assertTrue(r.err().contains("--route"), r::toString);
    assertTrue(r.err().contains("'fast'"), r::toString);
    assertTrue(r.err().contains("default, claudeOnly"), r::toString);
  }

  @Test
  void unknownCommandAndNoArguments() {
    Cli.Result r = usageError("chatt");
    assertTrue(r.err().contains("unknown command chatt"), r::toString);
    Cli.Result none = Cli.run();
    assertEquals(2, none.code());
    assertTrue(none.err().startsWith("usage: crossfeed"), none::toString);
  }

  @Test
  void helpGoesToStdoutWithExitZero() {
    Cli.Result r = Cli.run("help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--max-tokens N"), r::toString);
    assertEquals("", r.err());
  }
}
