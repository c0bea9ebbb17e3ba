package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ServiceLoader factory and the builder's validation. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnthropicChatModelFactoryTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private ProviderConfig.Builder config() {
    return ProviderConfig.builder("anthropic", "claude-haiku-4-5").apiKey(ApiKey.of(Wire.KEY)).baseUrl(server.url("/").toString());
  }

  @Test
  void factoryIsFoundByProviderIdAndHasNoEmbeddings() {
    ChatModelFactory f = ChatModelFactory.forProvider("anthropic").orElseThrow();
    assertInstanceOf(AnthropicChatModelFactory.class, f);
    assertEquals(java.util.Set.of("anthropic"), f.providerIds());
    assertFalse(f.embeddingModel(config().build()).isPresent());
  }

  @Test
  void factoryBuildsAWorkingModelWithOptions() throws Exception {
    ChatModel model = new AnthropicChatModelFactory().chatModel(config()
        .timeout(Duration.ofSeconds(5))
        .option("defaultMaxTokens", "256")
        .option("beta", "output-128k-2025-02-19")
        .option("thinkingBudgetTokens", "1024")
        .infoOverride(ModelInfo.builder("anthropic", "claude-haiku-4-5").prices(1, 2).build())
        .build());
    assertEquals(2.0, model.info().outputPricePerMTok().getAsDouble());
    assertEquals(200000, model.info().contextWindow().getAsInt(), "catalog figures kept where not overridden");
    server.enqueue(Wire.json(200, Wire.textMessage("hi")));
    assertEquals("hi", model.chat("x").text());
    RecordedRequest r = server.takeRequest();
    assertEquals(256 + 1024, Wire.body(r).get("max_tokens").asInt());
    assertEquals("output-128k-2025-02-19", r.getHeaders().get("anthropic-beta"));
    assertEquals(Wire.KEY, r.getHeaders().get("x-api-key"));
  }

  @Test
  void factoryRejectsUnknownOptionsBadValuesAndAMissingKey() {
    AnthropicChatModelFactory f = new AnthropicChatModelFactory();
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> f.chatModel(config().option("apiVersion", "x").option("zzz", "1").build()));
    assertTrue(unknown.getMessage().contains("[apiVersion, zzz]"), unknown.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> f.chatModel(config().option("defaultMaxTokens", "lots").build()));
    assertTrue(bad.getMessage().contains("defaultMaxTokens"), bad.getMessage());
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> f.chatModel(ProviderConfig.builder("anthropic", "claude-haiku-4-5").build()));
    assertTrue(noKey.getMessage().contains("anthropic") && noKey.getMessage().contains("apiKey"), noKey.getMessage());
  }

  @Test
  void builderNamesWhatIsMissing() {
    IllegalStateException noKey = assertThrows(IllegalStateException.class, () -> AnthropicChatModel.builder().model("m").build());
    assertTrue(noKey.getMessage().contains("apiKey"));
    IllegalStateException noModel =
        assertThrows(IllegalStateException.class, () -> AnthropicChatModel.builder().apiKey(ApiKey.of("k")).build());
    assertTrue(noModel.getMessage().contains("model"));
  }

  @Test
  void builderValidatesUrlsHeadersAndLimits() {
    AnthropicChatModel.Builder b = AnthropicChatModel.builder().apiKey(ApiKey.of(Wire.KEY)).model("m");
    assertThrows(IllegalArgumentException.class, () -> b.baseUrl("http://api.example.com").build());
    b.baseUrl("http://api.example.com").allowInsecureHttp(true).build();
    assertThrows(IllegalArgumentException.class, () -> b.header("x-api-key", "other"));
    assertThrows(IllegalArgumentException.class, () -> b.header("anthropic-beta", "a\r\nx-evil: 1"));
    assertThrows(IllegalArgumentException.class, () -> b.header("bad header", "v"));
    assertThrows(IllegalArgumentException.class, () -> b.thinkingBudgetTokens(1000));
    assertThrows(IllegalArgumentException.class, () -> b.defaultMaxTokens(0));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
  }

  @Test
  void toStringNeverShowsTheKey() {
    AnthropicChatModel model = Wire.model(server);
    assertFalse(model.toString().contains(Wire.KEY), model.toString());
    assertTrue(model.toString().contains("claude-sonnet-4-5"));
  }

  @Test
  void infoUsesTheCatalogAndDefaultsForUnknownModels() {
    ModelInfo known = Wire.model(server).info();
    assertEquals("anthropic", known.provider());
    assertEquals(64000, known.maxOutputTokens().getAsInt());
    assertEquals(3.0, known.inputPricePerMTok().getAsDouble());
    ModelInfo unknown = Wire.builder(server).model("claude-next-1").build().info();
    assertTrue(unknown.supports(Capability.REASONING) && unknown.supports(Capability.VISION));
    assertFalse(unknown.supports(Capability.EMBEDDINGS));
    assertFalse(unknown.inputPricePerMTok().isPresent());
  }
}
