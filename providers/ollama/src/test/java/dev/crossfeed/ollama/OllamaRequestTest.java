package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.Failure;
import dev.crossfeed.Message;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.ToolCall;
import dev.crossfeed.ToolChoice;
import dev.crossfeed.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What goes on the wire: the exact {@code /api/chat} JSON and headers for each path. */
@Timeout(30)
class OllamaRequestTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City\"}},\"required\":[\"city\"]}";
  private static final String ANSWER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"degrees\":{\"type\":\"number\"}},\"required\":[\"degrees\"]}";

  static ChatRequest richRequest() {
    return ChatRequest.builder()
        .system("Be brief.")
        .user(ContentPart.text("What is on this photo? And the weather in Toronto?"), ContentPart.imageBytes(new byte[] {1, 2, 3}, "image/png"))
        .message(Message.assistant("", List.of(new ToolCall("call_k3v9x0qa", "get_weather", "{\"city\":\"Toronto\"}"))))
        .message(Message.toolResult("call_k3v9x0qa", "get_weather", "11 degrees celsius"))
        .tool(ToolSpec.of("get_weather", "Weather for a city", WEATHER_SCHEMA))
        .temperature(0.2)
        .topP(0.9)
        .maxOutputTokens(256)
        .stop(List.of("END"))
        .responseFormat(ResponseFormat.jsonSchema("answer", ANSWER_SCHEMA))
        .build();
  }

  static String expectedRichBody(boolean stream) {
    return "{"
        + "\"model\":\"llama3.2\","
        + "\"messages\":["
        + "  {\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "  {\"role\":\"user\",\"content\":\"What is on this photo? And the weather in Toronto?\",\"images\":[\"AQID\"]},"
        + "  {\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_k3v9x0qa\",\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Toronto\"}}}]},"
        + "  {\"role\":\"tool\",\"content\":\"11 degrees celsius\",\"tool_name\":\"get_weather\",\"tool_call_id\":\"call_k3v9x0qa\"}"
        + "],"
        + "\"stream\":" + stream + ","
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather for a city\","
        + "  \"parameters\":" + WEATHER_SCHEMA + "}}],"
        + "\"format\":" + ANSWER_SCHEMA + ","
        + "\"options\":{\"temperature\":0.2,\"top_p\":0.9,\"num_predict\":256,\"stop\":[\"END\"]}"
        + "}";
  }

  private void enqueueAnswer(CallPath path) {
    if (path.streams()) server.enqueue(Wire.ndjson(Wire.chunk("{\"degrees\":11}"), Wire.DONE));
    else server.enqueue(Wire.json(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"degrees\\\":11}\"},\"done\":true,\"done_reason\":\"stop\"}"));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void richRequestIsSentAsOllamaExpectsIt(CallPath path) {
    enqueueAnswer(path);
    OllamaChatModel model = Wire.model(server).build();
    assertEquals("{\"degrees\":11}", path.call(model, richRequest()).text());

    RecordedRequest sent = Wire.take(server);
    assertEquals("POST", sent.getMethod());
    assertEquals("/api/chat", sent.getUrl().encodedPath());
    assertEquals(Wire.tree(expectedRichBody(path.streams())), Wire.body(sent));
    assertTrue(sent.getHeaders().get("Content-Type").startsWith("application/json"));
    assertEquals(path.streams() ? "application/x-ndjson" : "application/json", sent.getHeaders().get("Accept"));
    assertNull(sent.getHeaders().get("Authorization"), "a local server gets no key");
  }

  @Test
  void minimalRequestSendsOnlyModelMessagesAndStream() {
    enqueueAnswer(CallPath.SYNC);
    Wire.model(server).build().chat("Hi");
    assertEquals(
        Wire.tree("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":false}"),
        Wire.body(Wire.take(server)));
  }

  @Test
  void bearerKeyAndCustomHeadersForHostedOllama() {
    enqueueAnswer(CallPath.SYNC);
    Wire.model(server).apiKey(ApiKey.of("sk-ollama-123")).header("X-Team", "search").build().chat("Hi");
    RecordedRequest sent = Wire.take(server);
    assertEquals("Bearer sk-ollama-123", sent.getHeaders().get("Authorization"));
    assertEquals("search", sent.getHeaders().get("X-Team"));
  }

  @Test
  void jsonModeModelOverrideNumCtxKeepAliveAndExtraFields() {
    enqueueAnswer(CallPath.SYNC);
    OllamaChatModel model = Wire.model(server).numCtx(8192).keepAlive(Duration.ofMinutes(10)).build();
    ChatRequest request =
        ChatRequest.builder()
            .user("JSON please")
            .model("qwen3:8b")
            .maxOutputTokens(50)
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .extraField("think", "high")
            .extraField("options", Map.of("seed", 42, "num_ctx", 4096))
            .build();
    model.chat(request);
    JsonNode body = Wire.body(Wire.take(server));
    assertEquals("qwen3:8b", body.get("model").asText());
    assertEquals("json", body.get("format").asText());
    assertEquals("600s", body.get("keep_alive").asText());
    assertEquals("high", body.get("think").asText());
    assertEquals(Wire.tree("{\"num_ctx\":4096,\"num_predict\":50,\"seed\":42}"), body.get("options"));
  }

  @Test
  void toolChoiceNoneLeavesToolsOut() {
    enqueueAnswer(CallPath.SYNC);
    ChatRequest request =
        ChatRequest.builder().user("Hi").tool(ToolSpec.of("get_weather", "", WEATHER_SCHEMA)).toolChoice(ToolChoice.NONE).build();
    Wire.model(server).build().chat(request);
    assertFalse(Wire.body(Wire.take(server)).has("tools"));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void requiredToolChoiceIsRefusedWithoutACall(CallPath path) {
    ChatRequest request =
        ChatRequest.builder().user("Hi").tool(ToolSpec.of("get_weather", "", WEATHER_SCHEMA)).toolChoice(ToolChoice.REQUIRED).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), request));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("tool_choice"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void imageUrlIsRefusedNamingTheLimitation(CallPath path) {
    ChatRequest request =
        ChatRequest.builder().user(ContentPart.text("What is this?"), ContentPart.imageUrl("https://example.com/cat.png")).build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(Wire.model(server).build(), request));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("cannot fetch image URLs"), e.getMessage());
    assertEquals("ollama", e.provider());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void base64DataUrlImageIsSentRaw() {
    enqueueAnswer(CallPath.SYNC);
    ChatRequest request =
        ChatRequest.builder().user(ContentPart.text("What is this?"), ContentPart.imageUrl("data:image/jpeg;base64,/9j/4AAQ")).build();
    Wire.model(server).build().chat(request);
    assertEquals("/9j/4AAQ", Wire.body(Wire.take(server)).at("/messages/0/images/0").asText());
  }

  @Test
  void malformedToolArgumentsInHistoryAreRefused() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Hi")
            .message(Message.assistant("", List.of(new ToolCall("c1", "f", "{not json"))))
            .message(Message.toolResult("c1", "f", "ok"))
            .build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> Wire.model(server).build().chat(request));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("arguments of tool call c1"), e.getMessage());
  }

  @Test
  void baseUrlWithApiSuffixAndDefaultPath() {
    enqueueAnswer(CallPath.SYNC);
    OllamaChatModel.builder().model("llama3.2").baseUrl(server.url("/api").toString()).build().chat("Hi");
    assertEquals("/api/chat", Wire.take(server).getUrl().encodedPath());
    enqueueAnswer(CallPath.SYNC);
    OllamaChatModel.builder().model("llama3.2").baseUrl(server.url("/ollama/").toString()).build().chat("Hi");
    assertEquals("/ollama/api/chat", Wire.take(server).getUrl().encodedPath());
  }

  @Test
  void builderValidatesAndNeverShowsTheKey() {
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> OllamaChatModel.builder().build());
    assertTrue(missing.getMessage().contains("model"));
    IllegalArgumentException insecure =
        assertThrows(IllegalArgumentException.class, () -> OllamaChatModel.builder().model("m").baseUrl("http://10.0.0.5:11434").build());
    assertTrue(insecure.getMessage().contains("plain http"));
    OllamaChatModel lan = OllamaChatModel.builder().model("m").baseUrl("http://10.0.0.5:11434").allowInsecureHttp(true).build();
    assertTrue(lan.toString().contains("10.0.0.5"));
    assertThrows(IllegalArgumentException.class, () -> OllamaChatModel.builder().header("X-Bad", "a\r\nb"));
    OllamaChatModel keyed = OllamaChatModel.builder().model("m").baseUrl("https://ollama.com").apiKey(ApiKey.of("secret-k")).build();
    assertFalse(keyed.toString().contains("secret-k"));
    assertEquals(OllamaChatModel.builder().model("m").build().toString(), "OllamaChatModel{model=m, baseUrl=http://localhost:11434}");
  }

  @Test
  void encoderKeepsUnknownExtraFieldsVerbatim() {
    ChatRequestEncoder encoder = new ChatRequestEncoder("ollama", Map.of(), null);
    ObjectNode body =
        encoder.encode(ChatRequest.builder().user("Hi").extraField("truncate", false).extraField("logprobs", null).build(), "m", true);
    assertFalse(body.get("truncate").asBoolean(true));
    assertTrue(body.get("logprobs").isNull());
    assertTrue(body.get("stream").asBoolean());
  }
}
