package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.KEY;
import static dev.crossfeed.openai.TestSupport.SENTINEL;
import static dev.crossfeed.openai.TestSupport.assertJson;
import static dev.crossfeed.openai.TestSupport.body;
import static dev.crossfeed.openai.TestSupport.json;
import static dev.crossfeed.openai.TestSupport.take;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /embeddings}: request body, vector order, base64 vectors, errors, Azure URLs. */
@Timeout(30)
class EmbeddingTest {
  @StartStop MockWebServer server = new MockWebServer();

  private OpenAiEmbeddingModel.Builder model() {
    return OpenAiEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY).model("text-embedding-3-small");
  }

  @Test
  void sendsInputsAndDimensionsAndOrdersVectorsByIndex() {
    server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":1,\"embedding\":[3,4]},"
        + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0057,-0.0127]}],\"model\":\"text-embedding-3-small\","
        + "\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}"));
    EmbeddingResponse r = model().dimensions(2).build().embed(List.of("first text", "second text"));
    assertArrayEquals(new float[] {0.0057f, -0.0127f}, r.vectors().get(0));
    assertArrayEquals(new float[] {3f, 4f}, r.vectors().get(1));
    assertEquals(Usage.of(12, 0), r.usage());
    assertEquals("text-embedding-3-small", r.model());
    RecordedRequest sent = take(server);
    assertEquals("/v1/embeddings", sent.getUrl().encodedPath());
    assertEquals("Bearer " + SENTINEL, sent.getHeaders().get("Authorization"));
    assertJson("{\"model\":\"text-embedding-3-small\",\"input\":[\"first text\",\"second text\"],\"dimensions\":2}", body(sent));
  }

  @Test
  void anEmptyStringInputFailsBeforeSending() {
    ChatModelException e = assertThrows(ChatModelException.class, () -> model().build().embed(List.of("fine", "")));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("input[1]"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void decodesBase64Vectors() {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-2f);
    String b64 = Base64.getEncoder().encodeToString(b.array());
    server.enqueue(json(200, "{\"data\":[{\"index\":0,\"embedding\":\"" + b64 + "\"}],\"usage\":{\"prompt_tokens\":1}}"));
    assertArrayEquals(new float[] {0.25f, -2f}, model().build().embed("x"));
  }

  @Test
  void mismatchedOrBrokenVectorsAreInvalidResponses() {
    for (String body : new String[] {
      "{\"data\":[]}", "{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}",
      "{\"data\":[{\"index\":0,\"embedding\":[\"a\"]},{\"index\":1,\"embedding\":[1]}]}", "{\"data\":[{\"index\":5,\"embedding\":[1]},{\"index\":1,\"embedding\":[1]}]}"
    }) {
      server.enqueue(json(200, body));
      ChatModelException e = assertThrows(ChatModelException.class, () -> model().build().embed(List.of("a", "b")));
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), body);
    }
  }

  @Test
  void tooManyTokensPerRequestIsAnInvalidRequest() {
    server.enqueue(json(400, "{\"error\":{\"message\":\"Requested 1228288 tokens, max 300000 tokens per request\",\"type\":\"max_tokens_per_request\",\"param\":null,\"code\":\"max_tokens_per_request\"}}"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> model().build().embed("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(400, e.status().getAsInt());
  }

  @Test
  void azureEmbeddingUrls() {
    EmbeddingModel v1 = OpenAiEmbeddingModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("emb").build();
    server.enqueue(json(200, "{\"data\":[{\"index\":0,\"embedding\":[1]}]}"));
    v1.embed("x");
    RecordedRequest r = take(server);
    assertEquals("/openai/v1/embeddings", r.getUrl().encodedPath());
    assertEquals(SENTINEL, r.getHeaders().get("api-key"));
    EmbeddingModel classic = OpenAiEmbeddingModel.builder(OpenAiHost.AZURE).baseUrl(server.url("/").toString()).apiKey(KEY).model("emb")
        .azureDeployment("emb-prod").azureApiVersion("2024-10-21").build();
    server.enqueue(json(200, "{\"data\":[{\"index\":0,\"embedding\":[1]}]}"));
    classic.embed("x");
    RecordedRequest c = take(server);
    assertEquals("/openai/deployments/emb-prod/embeddings", c.getUrl().encodedPath());
    assertEquals("2024-10-21", c.getUrl().queryParameter("api-version"));
  }

  @Test
  void hostsWithoutEmbeddingsFailAsInvalidRequestWithoutCalling() {
    EmbeddingModel groq = OpenAiEmbeddingModel.builder(OpenAiHost.GROQ).baseUrl(server.url("/v1").toString()).apiKey(KEY).model("x").build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> groq.embed("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("embeddings"));
    assertEquals(0, server.getRequestCount());
    assertThrows(IllegalArgumentException.class, () -> model().build().embed(List.of()));
  }

  @Test
  void infoComesFromTheCatalog() {
    EmbeddingModel m = model().build();
    assertEquals("text-embedding-3-small", m.info().id());
    assertTrue(m.info().supports(Capability.EMBEDDINGS));
  }
}
