package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.KEY;
import static dev.crossfeed.openai.TestSupport.SENTINEL;
import static dev.crossfeed.openai.TestSupport.body;
import static dev.crossfeed.openai.TestSupport.completion;
import static dev.crossfeed.openai.TestSupport.json;
import static dev.crossfeed.openai.TestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ServiceLoader registration, provider ids, options and their validation. */
@Timeout(30)
class FactoryTest {
  @StartStop MockWebServer server = new MockWebServer();

  private static final Set<String> IDS =
      Set.of("openai", "azure-openai", "mistral", "groq", "deepseek", "openrouter", "together", "vllm", "lmstudio", "openai-compatible");

  private static ChatModelFactory factory(String id) {
    return ChatModelFactory.forProvider(id).orElseThrow(() -> new AssertionError("no factory for " + id));
  }

  @Test
  void everyProviderIdIsRegistered() {
    for (String id : IDS) assertInstanceOf(OpenAiModelFactory.class, factory(id), id);
    assertEquals(IDS, new OpenAiModelFactory().providerIds());
  }

  @Test
  void buildsAWorkingModelFromConfig() {
    ChatModel m =
        factory("groq").chatModel(ProviderConfig.builder("groq", "llama-3.3-70b-versatile").apiKey(KEY)
            .baseUrl(server.url("/openai/v1").toString()).timeout(Duration.ofSeconds(5))
            .option("header.X-Trace", "t1").build());
    server.enqueue(json(200, completion("{\"role\":\"assistant\",\"content\":\"hi\"}", "stop", null)));
    ChatResponse r = m.chat(ChatRequest.builder().user("x").maxOutputTokens(3).build());
    assertEquals("groq", r.provider());
    RecordedRequest sent = take(server);
    assertEquals("/openai/v1/chat/completions", sent.getUrl().encodedPath());
    assertEquals("Bearer " + SENTINEL, sent.getHeaders().get("Authorization"));
    assertEquals("t1", sent.getHeaders().get("X-Trace"));
    assertEquals(3, body(sent).get("max_tokens").asInt());
    assertEquals("groq", m.info().provider());
    assertTrue(m.info().contextWindow().isPresent() || m.info().capabilities().size() > 0);
  }

  @Test
  void azureOptionsSelectTheDeploymentUrl() {
    ChatModel m =
        factory("azure-openai").chatModel(ProviderConfig.builder("azure-openai", "gpt-4o").apiKey(KEY)
            .baseUrl(server.url("/").toString()).option("deployment", "prod").option("apiVersion", "2024-10-21").build());
    server.enqueue(json(200, completion("{\"role\":\"assistant\",\"content\":\"hi\"}", "stop", null)));
    assertEquals("azure-openai", m.chat("x").provider());
    RecordedRequest sent = take(server);
    assertEquals("/openai/deployments/prod/chat/completions", sent.getUrl().encodedPath());
    assertEquals("2024-10-21", sent.getUrl().queryParameter("api-version"));
    assertEquals(SENTINEL, sent.getHeaders().get("api-key"));
    assertEquals("openai", ModelInfo.builder("openai", "x").build().provider());
    assertTrue(m.info().inputPricePerMTok().isPresent(), "an Azure deployment named like an OpenAI model borrows its prices");
    assertEquals("azure-openai", m.info().provider());
  }

  @Test
  void booleanOptionsAndProviderId() {
    ChatModel m =
        factory("openai-compatible").chatModel(ProviderConfig.builder("openai-compatible", "qwen-plus")
            .baseUrl(server.url("/compatible-mode/v1").toString()).option("providerId", "dashscope")
            .option("maxCompletionTokens", "true").option("developerRole", "TRUE").option("streamUsage", "false").build());
    server.enqueue(json(200, completion("{\"role\":\"assistant\",\"content\":\"hi\"}", "stop", null)));
    assertEquals("dashscope", m.chat(ChatRequest.builder().system("s").user("x").maxOutputTokens(2).build()).provider());
    RecordedRequest sent = take(server);
    assertNull(sent.getHeaders().get("Authorization"));
    assertEquals(2, body(sent).get("max_completion_tokens").asInt());
    assertEquals("developer", body(sent).at("/messages/0/role").asText());
  }

  @Test
  void unknownOptionsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> factory("openai").chatModel(ProviderConfig.builder("openai", "gpt-4o").apiKey(KEY).option("organisation", "x").option("deployment", "d").build()));
    assertTrue(e.getMessage().contains("[deployment, organisation]"), e.getMessage());
    IllegalArgumentException b =
        assertThrows(IllegalArgumentException.class,
            () -> factory("openai").chatModel(ProviderConfig.builder("openai", "gpt-4o").apiKey(KEY).option("streamUsage", "yes").build()));
    assertTrue(b.getMessage().contains("streamUsage"), b.getMessage());
  }

  @Test
  void missingRequiredSettingsAreNamedWithoutTheKey() {
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> factory("mistral").chatModel(ProviderConfig.builder("mistral", "m").build()));
    assertTrue(key.getMessage().contains("mistral") && key.getMessage().contains("apiKey"), key.getMessage());
    IllegalArgumentException url =
        assertThrows(IllegalArgumentException.class, () -> factory("azure-openai").chatModel(ProviderConfig.builder("azure-openai", "m").apiKey(KEY).build()));
    assertTrue(url.getMessage().contains("baseUrl"), url.getMessage());
    IllegalArgumentException version =
        assertThrows(IllegalArgumentException.class,
            () -> factory("azure-openai").chatModel(ProviderConfig.builder("azure-openai", "m").apiKey(KEY)
                .baseUrl("https://r.openai.azure.com").option("deployment", "d").build()));
    assertTrue(version.getMessage().contains("apiVersion"), version.getMessage());
    assertFalse(version.getMessage().contains(SENTINEL));
    IllegalArgumentException insecure =
        assertThrows(IllegalArgumentException.class,
            () -> factory("openai").chatModel(ProviderConfig.builder("openai", "m").apiKey(KEY).baseUrl("http://example.com/v1").build()));
    assertTrue(insecure.getMessage().contains("plain http"), insecure.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OpenAiModelFactory().chatModel(ProviderConfig.builder("anthropic", "m").build()));
  }

  @Test
  void localHostsNeedNoKey() {
    for (String id : List.of("vllm", "lmstudio", "openai-compatible")) {
      ChatModel m = factory(id).chatModel(ProviderConfig.builder(id, "local").baseUrl(server.url("/v1").toString()).build());
      assertEquals(id, m.info().provider());
    }
  }

  @Test
  void embeddingModelsWhereTheHostHasThem() throws Exception {
    assertTrue(factory("groq").embeddingModel(ProviderConfig.builder("groq", "x").apiKey(KEY).build()).isEmpty());
    assertTrue(factory("deepseek").embeddingModel(ProviderConfig.builder("deepseek", "x").apiKey(KEY).build()).isEmpty());
    EmbeddingModel m =
        factory("mistral").embeddingModel(ProviderConfig.builder("mistral", "mistral-embed").apiKey(KEY)
            .baseUrl(server.url("/v1").toString()).option("dimensions", "2").build()).orElseThrow();
    server.enqueue(json(200, "{\"data\":[{\"index\":0,\"embedding\":[0.5,1.5]}],\"model\":\"mistral-embed\",\"usage\":{\"prompt_tokens\":2}}"));
    assertEquals(1.5f, m.embed("hi")[1]);
    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("/v1/embeddings", sent.getUrl().encodedPath());
    assertEquals(2, body(sent).get("dimensions").asInt());
    assertThrows(IllegalArgumentException.class,
        () -> factory("mistral").embeddingModel(ProviderConfig.builder("mistral", "e").apiKey(KEY).option("dimensions", "two").build()));
  }
}
