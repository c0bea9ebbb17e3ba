package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code ollama} provider id through {@link ChatModelFactory}. */
@Timeout(30)
class OllamaChatModelFactoryTest {
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void registeredForOllamaAndMapsEverySetting() {
    ChatModelFactory factory = ChatModelFactory.forProvider("ollama").orElseThrow();
    assertInstanceOf(OllamaChatModelFactory.class, factory);
    ProviderConfig config =
        ProviderConfig.builder("ollama", "qwen3:8b")
            .baseUrl(server.url("/").toString())
            .apiKey(ApiKey.of("k-1"))
            .timeout(Duration.ofSeconds(5))
            .infoOverride(ModelInfo.builder("ollama", "qwen3:8b").contextWindow(40_000).capabilities(Capability.REASONING).build())
            .option("numCtx", "16384")
            .option("keepAlive", "5m")
            .build();
    ChatModel model = factory.chatModel(config);
    assertEquals(40_000, model.info().contextWindow().orElseThrow());
    assertTrue(model.info().supports(Capability.REASONING));

    server.enqueue(Wire.json(200, "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":true}"));
    assertEquals("hi", model.chat("hello").text());
    RecordedRequest sent = Wire.take(server);
    JsonNode body = Wire.body(sent);
    assertEquals("Bearer k-1", sent.getHeaders().get("Authorization"));
    assertEquals(16384, body.at("/options/num_ctx").asInt());
    assertEquals("300s", body.get("keep_alive").asText());
    assertEquals("qwen3:8b", body.get("model").asText());
  }

  @Test
  void worksWithoutAKeyAndDefaultsToLocalhost() {
    ChatModel model = new OllamaChatModelFactory().chatModel(ProviderConfig.builder("ollama", "llama3.2").build());
    assertEquals("OllamaChatModel{model=llama3.2, baseUrl=http://localhost:11434}", model.toString());
    assertTrue(model.info().supports(Capability.TOOLS));
    assertFalse(model.info().supports(Capability.VISION), "vision is declared per model");
    assertEquals(0.0, model.info().inputPricePerMTok().orElseThrow());
  }

  @Test
  void embeddingModelFromTheSameConfig() {
    server.enqueue(Wire.json(200, "{\"model\":\"all-minilm\",\"embeddings\":[[1.0,0.0]],\"prompt_eval_count\":2}"));
    EmbeddingModel m =
        new OllamaChatModelFactory()
            .embeddingModel(ProviderConfig.builder("ollama", "all-minilm").baseUrl(server.url("/").toString()).option("dimensions", "2").build())
            .orElseThrow();
    assertEquals(2, m.embed("x").length);
    assertEquals(2, Wire.body(Wire.take(server)).get("dimensions").asInt());
  }

  @Test
  void badOptionsAreNamed() {
    OllamaChatModelFactory f = new OllamaChatModelFactory();
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> f.chatModel(ProviderConfig.builder("ollama", "m").option("numGpu", "1").build()));
    assertTrue(unknown.getMessage().contains("numGpu"), unknown.getMessage());
    IllegalArgumentException badInt =
        assertThrows(IllegalArgumentException.class, () -> f.chatModel(ProviderConfig.builder("ollama", "m").option("numCtx", "big").build()));
    assertTrue(badInt.getMessage().contains("numCtx"));
    IllegalArgumentException badDuration =
        assertThrows(IllegalArgumentException.class, () -> f.chatModel(ProviderConfig.builder("ollama", "m").option("keepAlive", "soon").build()));
    assertTrue(badDuration.getMessage().contains("keepAlive"));
    assertThrows(IllegalArgumentException.class, () -> f.chatModel(ProviderConfig.builder("openai", "m").build()));
    IllegalArgumentException insecure =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.chatModel(ProviderConfig.builder("ollama", "m").baseUrl("http://gpu-box.lan:11434").build()));
    assertTrue(insecure.getMessage().contains("plain http"));
    f.chatModel(ProviderConfig.builder("ollama", "m").baseUrl("http://gpu-box.lan:11434").allowInsecureHttp(true).build());
  }
}
