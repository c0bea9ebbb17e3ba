package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.Failure;
import dev.crossfeed.ResponseFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake's wire format, checked with a plain HTTP client (no Crossfeed provider involved). */
@Timeout(30)
class FakeOllamaServerWireTest {
  private final FakeOllamaServer server = new FakeOllamaServer();
  private final OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void close() {
    server.close();
  }

  private Response post(String path, String json) throws IOException {
    Request request =
        new Request.Builder().url(server.baseUrl() + path).post(RequestBody.create(json, MediaType.get("application/json"))).build();
    return client.newCall(request).execute();
  }

  private static List<JsonNode> lines(String body) {
    return body.lines().map(OllamaWire::read).collect(java.util.stream.Collectors.toList());
  }

  @Test
  void streamsNdjsonWhenStreamIsAbsentAndEndsWithADoneLine() throws IOException {
    server.enqueue(FakeResponse.textChunks("The", " sky").reasoning("Hmm.").usage(26, 15));
    try (Response r = post("/api/chat", "{\"model\":\"qwen3\",\"messages\":[{\"role\":\"user\",\"content\":\"Why?\"}]}")) {
      assertEquals(200, r.code());
      assertEquals("application/x-ndjson", r.header("Content-Type"));
      List<JsonNode> lines = lines(r.body().string());
      assertEquals(4, lines.size());
      assertEquals("Hmm.", lines.get(0).at("/message/thinking").asText());
      assertEquals("The", lines.get(1).at("/message/content").asText());
      assertEquals(" sky", lines.get(2).at("/message/content").asText());
      JsonNode done = lines.get(3);
      assertTrue(done.get("done").asBoolean());
      assertEquals("stop", done.get("done_reason").asText());
      assertEquals(26, done.get("prompt_eval_count").asInt());
      assertEquals(15, done.get("eval_count").asInt());
      assertEquals("qwen3", done.get("model").asText());
      assertFalse(lines.get(1).get("done").asBoolean());
    }
    FakeRequest sent = server.takeRequest();
    assertTrue(sent.stream(), "Ollama streams unless told not to");
    assertEquals(List.of("Why?"), sent.texts(FakeRequest.Role.USER));
  }

  @Test
  void wholeAnswerWithToolCallsAsObjects() throws IOException {
    server.enqueue(FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Tokyo\"}").andToolCall("", "get_time", "{}"));
    try (Response r = post("/api/chat", "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
      JsonNode body = OllamaWire.read(r.body().string());
      assertEquals("stop", body.get("done_reason").asText(), "Ollama has no tool_calls reason");
      assertEquals("call_1", body.at("/message/tool_calls/0/id").asText());
      assertEquals("Tokyo", body.at("/message/tool_calls/0/function/arguments/city").asText());
      assertEquals(1, body.at("/message/tool_calls/1/function/index").asInt());
      assertFalse(body.at("/message/tool_calls/1").has("id"), "an empty scripted id renders an old server's call");
    }
  }

  @Test
  void parsesTheNeutralRequest() throws IOException {
    server.enqueue(FakeResponse.text("ok"));
    String json =
        "{\"model\":\"llava\",\"stream\":false,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"What is this?\",\"images\":[\"AQID\",\"BAUG\"]},"
            + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"look\",\"arguments\":{\"x\":1}}}]},"
            + "{\"role\":\"tool\",\"content\":\"a cat\",\"tool_name\":\"look\",\"tool_call_id\":\"c1\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\",\"parameters\":{\"type\":\"object\"}}}],"
            + "\"format\":{\"type\":\"object\"},\"options\":{\"num_predict\":64,\"temperature\":0.5}}";
    try (Response r = post("/api/chat", json)) {
      assertEquals(200, r.code());
    }
    FakeRequest sent = server.takeRequest();
    assertEquals(FakeRequest.Endpoint.CHAT, sent.endpoint());
    assertFalse(sent.stream());
    assertEquals("llava", sent.model());
    assertEquals("Be brief.", sent.system());
    assertEquals(2, sent.imageCount());
    assertEquals("{\"x\":1}", sent.messages().get(1).toolCalls().get(0).argumentsJson());
    assertEquals("c1", sent.toolResults().get(0).toolCallId());
    assertEquals("a cat", sent.toolResults().get(0).text());
    assertEquals(List.of("look"), sent.toolNames());
    assertEquals(64, sent.maxOutputTokens().orElseThrow());
    assertEquals(0.5, sent.temperature().orElseThrow());
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, sent.responseFormat());
    assertEquals("{\"type\":\"object\"}", sent.schemaJson().orElseThrow());
  }

  @Test
  void errorsAreBareStringsWithRealStatusesAndStreamErrorsAreLastLines() throws IOException {
    server.enqueue(FakeResponse.failure(Failure.MODEL_NOT_FOUND), FakeResponse.text("Hello world").errorAfter(1, Failure.OVERLOADED));
    try (Response r = post("/api/chat", "{\"model\":\"llama9\",\"stream\":false,\"messages\":[]}")) {
      assertEquals(404, r.code());
      assertEquals("{\"error\":\"model 'llama9' not found\"}", r.body().string());
    }
    try (Response r = post("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")) {
      assertEquals(200, r.code());
      List<JsonNode> lines = lines(r.body().string());
      assertEquals(2, lines.size());
      assertEquals("server busy, please try again.  maximum pending requests exceeded", lines.get(1).get("error").asText());
    }
  }

  @Test
  void embedAnswersOneVectorPerInput() throws IOException {
    server.enqueue(FakeResponse.embeddings().usage(8, 0));
    try (Response r = post("/api/embed", "{\"model\":\"all-minilm\",\"input\":[\"a\",\"b\"]}")) {
      JsonNode body = OllamaWire.read(r.body().string());
      assertEquals(2, body.get("embeddings").size());
      assertEquals(8, body.get("prompt_eval_count").asInt());
    }
    assertEquals(List.of("a", "b"), server.takeRequest().inputs());
  }

  @Test
  void unparseableRequestsGetA400InOllamaShape() throws IOException {
    try (Response r = post("/api/chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}")) {
      assertEquals(400, r.code());
      assertTrue(OllamaWire.read(r.body().string()).get("error").asText().contains("content must be a string"));
    }
  }
}
