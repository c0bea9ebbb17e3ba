package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.gemini.GeminiChatModel;
import dev.crossfeed.gemini.GeminiEmbeddingModel;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.ollama.OllamaChatModel;
import dev.crossfeed.ollama.OllamaEmbeddingModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiEmbeddingModel;
import dev.crossfeed.openai.OpenAiHost;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: every provider builder says the same thing the same way. A missing setting is
 * {@code "<Model class>: <setting> is required"}; a key passed as a header is refused with one sentence; the default
 * base URL is read from {@code builder().defaultBaseUrl()}; {@code baseUrl(null)} means that default.
 */
@Timeout(30)
class ProviderBuildersTest {
  private static final ApiKey KEY = ApiKey.of("sk-builders-test-key");

  private static void assertRequired(String what, String setting, Supplier<?> build) {
    String m = assertThrows(IllegalStateException.class, build::get).getMessage();
    assertTrue(m.startsWith(what + ": " + setting + " is required"), m);
  }

  @Test
  void aMissingSettingIsNamedTheSameWayByEveryBuilder() {
    assertRequired("OpenAiChatModel", "model", () -> OpenAiChatModel.builder().apiKey(KEY).build());
    assertRequired("OpenAiChatModel", "apiKey", () -> OpenAiChatModel.builder().model("gpt-4o-mini").build());
    assertRequired("OpenAiChatModel", "baseUrl", () -> OpenAiChatModel.builder(OpenAiHost.AZURE).apiKey(KEY).model("d").build());
    assertRequired("OpenAiEmbeddingModel", "model", () -> OpenAiEmbeddingModel.builder().apiKey(KEY).build());
    assertRequired("AnthropicChatModel", "model", () -> AnthropicChatModel.builder().apiKey(KEY).build());
    assertRequired("AnthropicChatModel", "apiKey", () -> AnthropicChatModel.builder().model("claude-haiku-4-5").build());
    assertRequired("GeminiChatModel", "model", () -> GeminiChatModel.builder().apiKey(KEY).build());
    assertRequired("GeminiChatModel", "apiKey", () -> GeminiChatModel.builder().model("gemini-2.5-flash").build());
    assertRequired("GeminiEmbeddingModel", "apiKey", () -> GeminiEmbeddingModel.builder().model("gemini-embedding-001").build());
    assertRequired("OllamaChatModel", "model", () -> OllamaChatModel.builder().build());
    assertRequired("OllamaEmbeddingModel", "model", () -> OllamaEmbeddingModel.builder().build());
  }

  @Test
  void aKeyPassedAsAHeaderIsRefusedWithOneSentence() {
    List<Runnable> attempts = List.of(
        () -> AnthropicChatModel.builder().header("x-api-key", "k"),
        () -> GeminiChatModel.builder().header("x-goog-api-key", "k"));
    for (Runnable a : attempts) {
      assertEquals("set the key with apiKey(), not header()", assertThrows(IllegalArgumentException.class, a::run).getMessage());
    }
  }

  @Test
  void defaultBaseUrlsAreReadOneWayAndBaseUrlNullMeansTheDefault() {
    assertEquals(Optional.of("https://api.openai.com/v1"), OpenAiChatModel.builder().defaultBaseUrl());
    assertEquals(Optional.of("https://api.groq.com/openai/v1"), OpenAiChatModel.builder(OpenAiHost.GROQ).defaultBaseUrl());
    assertEquals(Optional.empty(), OpenAiChatModel.builder(OpenAiHost.AZURE).defaultBaseUrl());
    assertEquals(Optional.of("https://api.anthropic.com"), AnthropicChatModel.builder().defaultBaseUrl());
    assertEquals(Optional.of("https://generativelanguage.googleapis.com/v1beta"), GeminiChatModel.builder().defaultBaseUrl());
    assertEquals(Optional.of("http://localhost:11434"), OllamaChatModel.builder().defaultBaseUrl());
    List<HttpModelBuilder<?>> builders = List.of(OpenAiChatModel.builder(), AnthropicChatModel.builder(), GeminiChatModel.builder(),
        OllamaChatModel.builder(), OpenAiEmbeddingModel.builder(), GeminiEmbeddingModel.builder(), OllamaEmbeddingModel.builder());
    for (HttpModelBuilder<?> b : builders) {
      b.baseUrl("https://elsewhere.example.com").baseUrl(null).model("m").apiKey(KEY);
      String built = build(b).toString();
      assertTrue(built.contains(b.defaultBaseUrl().orElseThrow()) || !built.contains("elsewhere"), built);
      assertTrue(!built.contains("elsewhere"), "baseUrl(null) restored the default: " + built);
    }
  }

  private static Object build(HttpModelBuilder<?> b) {
    if (b instanceof OpenAiChatModel.Builder) return ((OpenAiChatModel.Builder) b).build();
    if (b instanceof AnthropicChatModel.Builder) return ((AnthropicChatModel.Builder) b).build();
    if (b instanceof GeminiChatModel.Builder) return ((GeminiChatModel.Builder) b).build();
    if (b instanceof OllamaChatModel.Builder) return ((OllamaChatModel.Builder) b).build();
    if (b instanceof OpenAiEmbeddingModel.Builder) return ((OpenAiEmbeddingModel.Builder) b).build();
    if (b instanceof GeminiEmbeddingModel.Builder) return ((GeminiEmbeddingModel.Builder) b).build();
    return ((OllamaEmbeddingModel.Builder) b).build();
  }
}
