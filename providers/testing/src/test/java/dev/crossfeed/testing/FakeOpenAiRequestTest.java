package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider-neutral view {@link FakeOpenAiServer} parses from what a client sent, and embeddings. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeOpenAiRequestTest {
  private final FakeOpenAiServer server = new FakeOpenAiServer();
  private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void fullChatRequestIsParsedIntoTheNeutralView() throws Exception {
    String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"temperature\":0.2,\"max_completion_tokens\":100,"
        + "\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is \"},{\"type\":\"text\",\"text\":\"this?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBO\"}}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"temp_c\\\":4}\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,"
        + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}}";
    server.enqueue(FakeResponse.text("ok"));
    post("/v1/chat/completions", body).close();

    FakeRequest sent = server.takeRequest();
    assertEquals(1, sent.number());
    assertEquals(FakeRequest.Endpoint.CHAT, sent.endpoint());
    assertEquals("POST", sent.method());
    assertEquals("/v1/chat/completions", sent.target());
    assertEquals("Bearer sk-test", sent.header("Authorization").orElseThrow());
    assertTrue(sent.stream());
    assertEquals("gpt-4o", sent.model());
    assertEquals("Be brief.", sent.system());
    assertEquals(3, sent.messages().size()); // system is not a conversation message
    assertEquals(List.of("What is this?"), sent.texts(FakeRequest.Role.USER));
    assertEquals(2, sent.imageCount());
    assertEquals(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}")), sent.messages().get(1).toolCalls());
    FakeRequest.Message result = sent.toolResults().get(0);
    assertEquals("call_1", result.toolCallId());
    assertEquals("{\"temp_c\":4}", result.text());
    assertEquals(List.of("get_weather"), sent.toolNames());
    assertEquals(OptionalInt.of(100), sent.maxOutputTokens());
    assertEquals(0.2, sent.temperature().orElseThrow(), 1e-9);
    assertEquals(ResponseFormat.Type.JSON_SCHEMA, sent.responseFormat());
    assertEquals(Optional.of("answer"), sent.schemaName());
    assertEquals(FakeOpenAiServerTest.JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"),
        FakeOpenAiServerTest.JSON.readTree(sent.schemaJson().orElseThrow()));
    assertEquals(body, sent.body());
    assertFalse(sent.parseError().isPresent());
  }

  @Test
  void legacyFieldsAndDeploymentUrlsAreUnderstood() throws Exception {
    server.enqueue(FakeResponse.text("ok"));
    String body = "{\"max_tokens\":7,\"response_format\":{\"type\":\"json_object\"},"
        + "\"messages\":[{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Rules.\"}]},{\"role\":\"user\",\"content\":\"json please\"}]}";
    post("/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21", body).close();
    FakeRequest sent = server.takeRequest();
    assertEquals("my-gpt", sent.model());
    assertEquals("Rules.", sent.system());
    assertEquals(OptionalInt.of(7), sent.maxOutputTokens());
    assertEquals(ResponseFormat.Type.JSON_OBJECT, sent.responseFormat());
    assertFalse(sent.stream());
  }

  @Test
  void unparseableRequestIsRecordedAndAnswered400() throws Exception {
    server.enqueue(FakeResponse.text("unused"));
    try (Response r = post("/v1/chat/completions", "not json")) {
      assertEquals(400, r.code());
      assertTrue(r.body().string().contains("cannot parse the request"));
    }
    assertTrue(server.takeRequest().parseError().isPresent());
    assertEquals(1, server.pending(), "a rejected request does not consume the script");
  }

  @Test
  void embeddingsAnswerFloatsOrBase64() throws Exception {
    server.enqueue(FakeResponse.embeddings(new float[] {0.5f, -1f}, new float[] {2f, 0.25f}).usage(12, 0), FakeResponse.embeddings(new float[] {1.5f}));
    try (Response r = post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}")) {
      JsonNode body = FakeOpenAiServerTest.JSON.readTree(r.body().string());
      assertEquals("list", body.path("object").asText());
      assertEquals(1, body.path("data").get(1).path("index").asInt());
      assertEquals(-1.0, body.path("data").get(0).path("embedding").get(1).asDouble(), 1e-9);
      assertEquals(12, body.path("usage").path("prompt_tokens").asInt());
      assertEquals("text-embedding-3-small", body.path("model").asText());
    }
    FakeRequest sent = server.takeRequest();
    assertEquals(FakeRequest.Endpoint.EMBEDDINGS, sent.endpoint());
    assertEquals(List.of("a", "b"), sent.inputs());

    try (Response r = post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"base64\"}")) {
      String b64 = FakeOpenAiServerTest.JSON.readTree(r.body().string()).path("data").get(0).path("embedding").asText();
      ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64)).order(ByteOrder.LITTLE_ENDIAN);
      assertArrayEquals(new float[] {1.5f}, new float[] {buf.getFloat()});
    }
    assertEquals(List.of("x"), server.takeRequest().inputs());
  }

  private Response post(String path, String json) throws IOException {
    Request request = new Request.Builder()
        .url(server.url(path))
        .header("Authorization", "Bearer sk-test")
        .post(RequestBody.create(json, MediaType.get("application/json")))
        .build();
    return client.newCall(request).execute();
  }
}
