package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.Usage;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake's own wire fidelity, checked with a bare HTTP client (no Gemini client code involved). */
@Timeout(20)
class FakeGeminiServerTest {
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
  private static final String HI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";

  private final FakeGeminiServer server = new FakeGeminiServer();

  @AfterEach
  void close() {
    server.close();
  }

  private Response post(String path, String body) throws IOException {
    return HTTP.newCall(new Request.Builder().url(server.baseUrl() + path).header("x-goog-api-key", "k")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  @Test
  void streamIsCrlfFramedWithoutTerminatorAndEndsWithTheFinishChunk() throws IOException {
    server.enqueue(FakeResponse.textChunks("Hel", "lo").usage(new Usage(20, 12, 5, 4)).requestId("resp_1"));
    String body;
    try (Response r = post("/models/gemini-2.5-flash:streamGenerateContent?alt=sse", HI)) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      body = r.body().string();
    }
    String[] events = body.split("\r\n\r\n");
    assertEquals(3, events.length, body);
    assertTrue(body.endsWith("\r\n\r\n") && !body.contains("[DONE]"));
    JsonNode last = GeminiWire.JSON.readTree(events[2].substring("data: ".length()));
    assertEquals("STOP", last.path("candidates").path(0).path("finishReason").asText());
    assertEquals("resp_1", last.path("responseId").asText());
    JsonNode usage = last.path("usageMetadata");
    assertEquals(20, usage.path("promptTokenCount").asInt());
    assertEquals(5, usage.path("cachedContentTokenCount").asInt());
    assertEquals(8, usage.path("candidatesTokenCount").asInt(), "candidates exclude thoughts");
    assertEquals(4, usage.path("thoughtsTokenCount").asInt());
    assertEquals(32, usage.path("totalTokenCount").asInt());
    FakeRequest sent = server.takeRequest();
    assertTrue(sent.stream());
    assertEquals("gemini-2.5-flash", sent.model());
  }

  @Test
  void rateLimitCarriesRetryInfoAndNoRetryAfterHeader() throws IOException {
    server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofMillis(2500)));
    try (Response r = post("/models/gemini-2.5-flash:generateContent", HI)) {
      assertEquals(429, r.code());
      assertEquals(null, r.header("retry-after"));
      JsonNode e = GeminiWire.JSON.readTree(r.body().string()).path("error");
      assertEquals("RESOURCE_EXHAUSTED", e.path("status").asText());
      assertEquals(429, e.path("code").asInt());
      assertEquals("2.5s", e.path("details").path(1).path("retryDelay").asText());
    }
  }

  @Test
  void requestsGeminiWouldRejectGetA400() throws IOException {
    String[] bad = {
      "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"Hi\"}]}]}",
      "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}",
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"f\",\"response\":\"x\"}}]}]}",
      "{\"contents\":[]}",
      "not json"
    };
    for (String body : bad) {
      try (Response r = post("/models/gemini-2.5-flash:generateContent", body)) {
        assertEquals(400, r.code(), body);
        assertEquals("INVALID_ARGUMENT", GeminiWire.JSON.readTree(r.body().string()).path("error").path("status").asText());
      }
      assertTrue(server.takeRequest().parseError().isPresent());
    }
    try (Response r = post("/models/gemini-2.5-flash:streamGenerateContent", HI)) {
      assertEquals(400, r.code(), "streaming without alt=sse");
    }
  }

  @Test
  void parsesTheConversationIntoTheNeutralView() {
    String body = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},\"contents\":["
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AA==\"}}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"w\",\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"s\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"w\",\"response\":{\"content\":\"4C\"}}}]}],"
        + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"w\"}]}],"
        + "\"generationConfig\":{\"maxOutputTokens\":50,\"temperature\":0.1,\"responseMimeType\":\"application/json\"}}";
    server.enqueue(FakeResponse.text("ok"));
    try (Response r = post("/models/gemini-2.5-pro:generateContent", body)) {
      assertEquals(200, r.code());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    FakeRequest sent = server.takeRequest();
    assertEquals("Be brief.", sent.system());
    assertEquals(3, sent.messages().size());
    assertEquals(1, sent.imageCount());
    assertEquals("{\"city\":\"Oslo\"}", sent.messages().get(1).toolCalls().get(0).argumentsJson());
    assertEquals("4C", sent.toolResults().get(0).text());
    assertEquals(java.util.List.of("w"), sent.toolNames());
    assertEquals(50, sent.maxOutputTokens().getAsInt());
    assertEquals(dev.crossfeed.ResponseFormat.Type.JSON_OBJECT, sent.responseFormat());
    assertFalse(sent.stream());
  }

  @Test
  void embeddingsAnswerInTheShapeOfTheMethodCalled() throws IOException {
    server.enqueue(FakeResponse.embeddings(new float[] {1f, 2f}), FakeResponse.embeddings());
    try (Response r = post("/models/gemini-embedding-001:embedContent",
        "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}")) {
      assertEquals("[1.0,2.0]", GeminiWire.JSON.readTree(r.body().string()).path("embedding").path("values").toString());
    }
    try (Response r = post("/models/gemini-embedding-001:batchEmbedContents",
        "{\"requests\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}},{\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}")) {
      assertEquals(2, GeminiWire.JSON.readTree(r.body().string()).path("embeddings").size());
    }
    server.takeRequest();
    assertEquals(java.util.List.of("a", "b"), server.takeRequest().inputs());
  }
}
