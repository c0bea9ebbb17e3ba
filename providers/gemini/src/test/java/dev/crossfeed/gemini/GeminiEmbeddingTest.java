package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** embedContent / batchEmbedContents per embeddings.md §2. */
@Timeout(20)
class GeminiEmbeddingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @StartStop MockWebServer server = new MockWebServer();

  private GeminiEmbeddingModel.Builder builder() {
    return GeminiEmbeddingModel.builder().apiKey(ApiKey.of(Calls.KEY)).model("gemini-embedding-001")
        .baseUrl(server.url("/v1beta").toString()).client(Calls.CLIENT).timeout(Duration.ofSeconds(5));
  }

  private static String batch(int n) {
    StringBuilder b = new StringBuilder("{\"embeddings\":[");
    for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append("{\"values\":[").append(i).append(".5,-1]}");
    return b.append("]}").toString();
  }

  @Test
  void oneInputUsesEmbedContent() throws Exception {
    server.enqueue(Wire.json(200, "{\"embedding\":{\"values\":[0.0123,-0.0456,0.0789]}}"));
    GeminiEmbeddingModel m = builder().taskType("RETRIEVAL_QUERY").outputDimensionality(3).build();
    assertArrayEquals(new float[] {0.0123f, -0.0456f, 0.0789f}, m.embed("What is the meaning of life?"));
    RecordedRequest r = server.takeRequest();
    assertEquals("/v1beta/models/gemini-embedding-001:embedContent", r.getTarget());
    assertEquals(Calls.KEY, r.getHeaders().get("x-goog-api-key"));
    assertEquals(MAPPER.readTree("{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":"
        + "\"What is the meaning of life?\"}]},\"taskType\":\"RETRIEVAL_QUERY\",\"outputDimensionality\":3}"),
        MAPPER.readTree(r.getBody().utf8()));
  }

  @Test
  void severalInputsUseBatchEmbedContentsInOrder() throws Exception {
    server.enqueue(Wire.json(200, batch(2)));
    EmbeddingResponse r = builder().build().embed(List.of("doc one", "doc two"));
    assertEquals(2, r.vectors().size());
    assertArrayEquals(new float[] {0.5f, -1f}, r.vectors().get(0));
    assertArrayEquals(new float[] {1.5f, -1f}, r.vectors().get(1));
    assertEquals(Usage.ZERO, r.usage(), "Gemini reports no embedding usage");
    assertEquals("gemini-embedding-001", r.model());
    RecordedRequest sent = server.takeRequest();
    assertEquals("/v1beta/models/gemini-embedding-001:batchEmbedContents", sent.getTarget());
    assertEquals(MAPPER.readTree("{\"requests\":["
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"doc one\"}]}},"
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"doc two\"}]}}]}"),
        MAPPER.readTree(sent.getBody().utf8()));
  }

  @Test
  void moreThanOneHundredInputsAreSplitIntoBatches() throws Exception {
    server.enqueue(Wire.json(200, batch(100)));
    server.enqueue(Wire.json(200, batch(100)));
    server.enqueue(Wire.json(200, batch(50)));
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 250; i++) inputs.add("text " + i);
    EmbeddingResponse r = builder().build().embed(inputs);
    assertEquals(250, r.vectors().size());
    assertArrayEquals(new float[] {99.5f, -1f}, r.vectors().get(199));
    int[] sizes = new int[3];
    for (int i = 0; i < 3; i++) {
      JsonNode body = MAPPER.readTree(server.takeRequest().getBody().utf8());
      sizes[i] = body.get("requests").size();
      if (i == 2) assertEquals("text 200", body.get("requests").get(0).path("content").path("parts").path(0).path("text").asText());
    }
    assertArrayEquals(new int[] {100, 100, 50}, sizes);
    assertEquals(0, builder().maxBatchSize(10).build().embed(List.of()).vectors().size());
    assertEquals(3, server.getRequestCount(), "an empty input list makes no call");
  }

  @Test
  void recordedBatchLimitErrorIsInvalidRequest() {
    server.enqueue(Recordings.json("google-embedding-batch-limit-error.json", 400));
    ChatModelException e = assertThrows(ChatModelException.class, () -> builder().build().embed(List.of("a", "b")));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(400, e.status().getAsInt());
    assertTrue(e.providerMessage().contains("at most 100 requests can be in one batch"), e.providerMessage());
  }

  @Test
  void failuresAndBadBodiesAreClassified() {
    server.enqueue(Wire.json(429, "{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":"
        + "\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"3s\"}]}}"));
    ChatModelException limited = assertThrows(ChatModelException.class, () -> builder().build().embed("x"));
    assertEquals(Failure.RATE_LIMITED, limited.failure());
    assertEquals(Duration.ofSeconds(3), limited.retryAfter().orElseThrow());
    server.enqueue(Wire.json(200, batch(1)));
    ChatModelException count = assertThrows(ChatModelException.class, () -> builder().build().embed(List.of("a", "b")));
    assertEquals(Failure.INVALID_RESPONSE, count.failure(), "one vector for two inputs");
    server.enqueue(Wire.json(200, "{\"embedding\":{\"values\":[\"x\"]}}"));
    assertEquals(Failure.INVALID_RESPONSE, assertThrows(ChatModelException.class, () -> builder().build().embed("a")).failure());
    server.enqueue(Wire.json(200, "{\"embedding\":"));
    assertEquals(Failure.INVALID_RESPONSE, assertThrows(ChatModelException.class, () -> builder().build().embed("a")).failure());
  }

  @Test
  void infoAndValidation() {
    GeminiEmbeddingModel m = builder().build();
    assertTrue(m.info().supports(Capability.EMBEDDINGS));
    assertEquals(0.15, m.info().inputPricePerMTok().orElseThrow(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> builder().maxBatchSize(101));
    assertThrows(IllegalArgumentException.class, () -> builder().taskType("retrieval query"));
    assertThrows(IllegalStateException.class, () -> GeminiEmbeddingModel.builder().model("m").build());
    assertTrue(!m.toString().contains(Calls.KEY));
  }
}
