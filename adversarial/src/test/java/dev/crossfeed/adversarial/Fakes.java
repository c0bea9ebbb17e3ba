package dev.crossfeed.adversarial;

import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeGeminiServer;
import dev.crossfeed.testing.FakeOllamaServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import java.util.Map;

/**
 * One fake server per provider and a routing config over them that takes every key from the environment
 * ({@code ${OPENAI_API_KEY}} and friends), as operators write it. Closing closes the four servers.
 */
final class Fakes implements AutoCloseable {
  final FakeOpenAiServer openai = new FakeOpenAiServer();
  final FakeAnthropicServer anthropic = new FakeAnthropicServer();
  final FakeGeminiServer gemini = new FakeGeminiServer();
  final FakeOllamaServer ollama = new FakeOllamaServer();

  /** The config: models gpt, claude, gemini, llama; route {@code default} tries them in that order. */
  String config(String routeExtras) {
    return "{\n"
        + "  \"models\": {\n"
        + "    \"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\", \"baseUrl\": \"" + openai.baseUrl() + "\", \"timeout\": \"5s\"},\n"
        + "    \"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"${ANTHROPIC_API_KEY}\", \"baseUrl\": \"" + anthropic.baseUrl() + "\", \"timeout\": \"5s\"},\n"
        + "    \"gemini\": {\"provider\": \"gemini\", \"model\": \"gemini-2.5-flash\", \"apiKey\": \"${GEMINI_API_KEY}\", \"baseUrl\": \"" + gemini.baseUrl() + "\", \"timeout\": \"5s\"},\n"
        + "    \"llama\": {\"provider\": \"ollama\", \"model\": \"llama3.2\", \"apiKey\": \"${OLLAMA_API_KEY}\", \"baseUrl\": \"" + ollama.baseUrl() + "\", \"timeout\": \"5s\"}\n"
        + "  },\n"
        + "  \"routes\": {\n"
        + "    \"default\": {\"strategy\": \"fallback\", \"models\": [\"gpt\", \"claude\", \"gemini\", \"llama\"], \"timeout\": \"20s\",\n"
        + "      \"retry\": {\"maxAttempts\": 2, \"initialBackoff\": \"1ms\", \"maxBackoff\": \"5ms\", \"maxRetryAfter\": \"20ms\"},\n"
        + "      \"circuitBreaker\": {\"failureThreshold\": 1000, \"cooldown\": \"1ms\", \"longCooldown\": \"1ms\"}" + routeExtras + "}\n"
        + "  }\n"
        + "}\n";
  }

  /** The environment holding the sentinel keys. */
  static Map<String, String> environment(Keys keys) {
    return Map.of(
        "OPENAI_API_KEY", keys.openai, "ANTHROPIC_API_KEY", keys.anthropic,
        "GEMINI_API_KEY", keys.gemini, "OLLAMA_API_KEY", keys.ollama);
  }

  /** Four sentinel keys. */
  static final class Keys {
    final String openai = LeakScan.sentinel("openai").reveal();
    final String anthropic = LeakScan.sentinel("anthropic").reveal();
    final String gemini = LeakScan.sentinel("gemini").reveal();
    final String ollama = LeakScan.sentinel("ollama").reveal();
  }

  @Override
  public void close() {
    openai.close();
    anthropic.close();
    gemini.close();
    ollama.close();
  }
}
