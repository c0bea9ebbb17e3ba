package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ServiceLoader factory and the builders' validation. */
@Timeout(20)
class GeminiFactoryTest {
  @StartStop MockWebServer server = new MockWebServer();

  private ProviderConfig.Builder config(String model) {
    return ProviderConfig.builder("gemini", model).apiKey(ApiKey.of(Calls.KEY)).baseUrl(server.url("/v1beta").toString())
        .timeout(Duration.ofSeconds(5));
  }

  @Test
  void serviceLoaderFindsTheFactoryAndItsModelsWork() throws Exception {
    ChatModelFactory f = ChatModelFactory.forProvider("gemini").orElseThrow();
    ChatModel chat = f.chatModel(config("gemini-2.5-pro").option("includeThoughts", "true").build());
    assertInstanceOf(GeminiChatModel.class, chat);
    server.enqueue(Wire.json(200, Wire.finish("ok", "STOP")));
    assertEquals("ok", chat.chat(ChatRequest.of("hi")).text());
    assertTrue(server.takeRequest().getBody().utf8().contains("\"includeThoughts\":true"));
    EmbeddingModel emb = f.embeddingModel(config("gemini-embedding-001").option("taskType", "retrieval_document")
        .option("outputDimensionality", "768").build()).orElseThrow();
    server.enqueue(Wire.json(200, "{\"embedding\":{\"values\":[1,2]}}"));
    assertEquals(2, emb.embed("x").length);
    assertTrue(server.takeRequest().getBody().utf8().contains("\"taskType\":\"RETRIEVAL_DOCUMENT\""));
  }

  @Test
  void badConfigsAreRejectedByName() {
    GeminiChatModelFactory f = new GeminiChatModelFactory();
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> f.chatModel(config("gemini-2.5-flash").option("temprature", "1").build()));
    assertTrue(unknown.getMessage().contains("temprature"), unknown.getMessage());
    IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
        () -> f.chatModel(ProviderConfig.builder("gemini", "gemini-2.5-flash").build()));
    assertTrue(noKey.getMessage().contains("gemini") && noKey.getMessage().contains("apiKey"), noKey.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.chatModel(config("m").option("includeThoughts", "yes").build()));
    assertThrows(IllegalArgumentException.class, () -> f.chatModel(ProviderConfig.builder("gemini", "m")
        .apiKey(ApiKey.of("k")).baseUrl("http://example.com/v1beta").build()), "plain http to a remote host");
    assertThrows(IllegalArgumentException.class, () -> f.embeddingModel(config("e").option("includeThoughts", "true").build()));
  }

  @Test
  void builderValidationAndInfo() {
    assertThrows(IllegalStateException.class, () -> GeminiChatModel.builder().model("gemini-2.5-flash").build());
    assertThrows(IllegalStateException.class, () -> GeminiChatModel.builder().apiKey(ApiKey.of("k")).build());
    assertThrows(IllegalArgumentException.class, () -> GeminiChatModel.builder().model("gemini:evil?x=1"));
    assertThrows(IllegalArgumentException.class, () -> GeminiChatModel.builder().header("x-goog-api-key", "other"));
    assertThrows(IllegalArgumentException.class, () -> GeminiChatModel.builder().header("x-a", "v\r\nInjected: 1"));
    assertEquals("GeminiEmbeddingModel: apiKey is required", assertThrows(IllegalStateException.class,
        () -> GeminiEmbeddingModel.builder().model("gemini-embedding-001").build()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GeminiEmbeddingModel.builder().header("X-Goog-Api-Key", "k"));
    GeminiEmbeddingModel prefixed = GeminiEmbeddingModel.builder().apiKey(ApiKey.of("k")).model(" models/gemini-embedding-001").build();
    assertTrue(prefixed.toString().contains("model=gemini-embedding-001,"), prefixed.toString());
    GeminiChatModel remote = GeminiChatModel.builder().apiKey(ApiKey.of("k")).model("gemini-2.5-flash")
        .baseUrl("http://gemini.internal/v1beta").allowInsecureHttp(true).build();
    assertTrue(remote.toString().contains("gemini.internal"));
    GeminiChatModel known = Calls.model(server).model("gemini-2.5-flash-001").build();
    assertTrue(known.info().supports(Capability.REASONING), "dated ids resolve to the catalog entry");
    assertEquals(0.30, known.info().inputPricePerMTok().orElseThrow(), 1e-9);
    GeminiChatModel unknown = Calls.model(server).model("gemini-9-ultra").build();
    assertTrue(unknown.info().supports(Capability.TOOLS) && unknown.info().supports(Capability.VISION));
    assertFalse(unknown.info().inputPricePerMTok().isPresent());
    GeminiChatModel priced = Calls.model(server).model("gemini-9-ultra")
        .modelInfo(ModelInfo.builder("gemini", "gemini-9-ultra").prices(1, 2).build()).build();
    assertEquals(1.0, priced.info().inputPricePerMTok().orElseThrow(), 1e-9);
    assertTrue(priced.info().supports(Capability.STREAMING), "override keeps default capabilities");
    assertEquals("https://generativelanguage.googleapis.com/v1beta", GeminiChatModel.DEFAULT_BASE_URL);
  }

  @Test
  void toStringLeavesOutTheBaseUrlQueryWhereGoogleDocumentsTheKey() {
    String url = server.url("/v1beta").toString() + "?key=AIzaSECRETQUERYKEY#frag";
    ChatModel chat = GeminiChatModel.builder().apiKey(ApiKey.of(Calls.KEY)).model("gemini-2.5-flash").baseUrl(url).build();
    EmbeddingModel embed = GeminiEmbeddingModel.builder().apiKey(ApiKey.of(Calls.KEY)).model("gemini-embedding-001").baseUrl(url).build();
    for (Object m : new Object[] {chat, embed}) {
      assertFalse(m.toString().contains("SECRETQUERYKEY"), m.toString());
      assertTrue(m.toString().contains(server.url("/v1beta").toString()), m.toString());
    }
  }
}
