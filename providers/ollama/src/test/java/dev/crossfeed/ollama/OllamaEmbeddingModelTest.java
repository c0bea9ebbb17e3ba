package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/embed}: request shape, vectors in order, usage, errors. */
@Timeout(30)
class OllamaEmbeddingModelTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private OllamaEmbeddingModel.Builder model() {
    return OllamaEmbeddingModel.builder().model("all-minilm").baseUrl(server.url("/").toString());
  }

  @Test
  void batchIsOneCallWithVectorsInOrderAndUsage() {
    server.enqueue(
        Wire.json(
            200,
            "{\"model\":\"all-minilm\",\"embeddings\":[[0.0100,-0.0017,0.0500],[-0.0098,0.0607,0.0254]],"
                + "\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":8}"));
    EmbeddingResponse r = model().build().embed(List.of("Why is the sky blue?", "Why is the grass green?"));
    assertEquals(2, r.vectors().size());
    assertArrayEquals(new float[] {0.0100f, -0.0017f, 0.0500f}, r.vectors().get(0));
    assertArrayEquals(new float[] {-0.0098f, 0.0607f, 0.0254f}, r.vectors().get(1));
    assertEquals(Usage.of(8, 0), r.usage());
    assertEquals("all-minilm", r.model());
    RecordedRequest sent = Wire.take(server);
    assertEquals("/api/embed", sent.getUrl().encodedPath());
    assertEquals(
        Wire.tree("{\"model\":\"all-minilm\",\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"]}"), Wire.body(sent));
    assertNull(sent.getHeaders().get("Authorization"));
  }

  @Test
  void singleInputDimensionsAndBearerKey() {
    server.enqueue(Wire.json(200, "{\"model\":\"embeddinggemma\",\"embeddings\":[[0.6,0.8]],\"prompt_eval_count\":3}"));
    OllamaEmbeddingModel m = model().model("embeddinggemma").dimensions(2).apiKey(ApiKey.of("k-123")).build();
    assertArrayEquals(new float[] {0.6f, 0.8f}, m.embed("hello"));
    RecordedRequest sent = Wire.take(server);
    assertEquals(Wire.tree("{\"model\":\"embeddinggemma\",\"input\":[\"hello\"],\"dimensions\":2}"), Wire.body(sent));
    assertEquals("Bearer k-123", sent.getHeaders().get("Authorization"));
    assertTrue(m.info().supports(Capability.EMBEDDINGS));
  }

  @Test
  void emptyInputMakesNoCall() {
    EmbeddingResponse r = model().build().embed(List.of());
    assertTrue(r.vectors().isEmpty());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void errorsAreClassified() {
    server.enqueue(Wire.json(404, "{\"error\":\"model 'nomic-embed-text' not found\"}"));
    assertEquals(Failure.MODEL_NOT_FOUND, assertThrows(ChatModelException.class, () -> model().build().embed("x")).failure());
    server.enqueue(Wire.json(400, "{\"error\":\"the input length exceeds the context length\"}"));
    assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, assertThrows(ChatModelException.class, () -> model().build().embed("x")).failure());
    server.enqueue(Wire.json(500, "{\"error\":\"llama runner process has terminated\"}"));
    assertEquals(Failure.SERVER_ERROR, assertThrows(ChatModelException.class, () -> model().build().embed("x")).failure());
  }

  @Test
  void wrongCountOrShapeIsAnInvalidResponse() {
    for (String body :
        new String[] {
          "{\"embeddings\":[[0.1]]}", "{\"embeddings\":[[0.1],\"x\"]}", "{\"embeddings\":[[0.1],[\"a\"]]}", "{}", "[]"
        }) {
      server.enqueue(Wire.json(200, body));
      ChatModelException e = assertThrows(ChatModelException.class, () -> model().build().embed(List.of("a", "b")));
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), body);
    }
  }
}
