package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
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
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exact JSON and headers sent, compared as JSON trees against gemini-generate-content.md §3. */
@Timeout(20)
class GeminiRequestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
  private static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}";
  private static final String OK = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]},"
      + "\"finishReason\":\"STOP\"}],\"responseId\":\"r1\"}";

  @StartStop MockWebServer server = new MockWebServer();

  private JsonNode sent(Calls path, GeminiChatModel model, ChatRequest request) throws Exception {
    server.enqueue(new MockResponse.Builder().body(path == Calls.STREAM ? "data: " + OK + "\r\n\r\n" : OK).build());
    path.run(model, request);
    RecordedRequest r = server.takeRequest();
    assertEquals(Calls.KEY, r.getHeaders().get("x-goog-api-key"));
    assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
    assertNull(r.getHeaders().get("Authorization"));
    assertEquals(path == Calls.STREAM ? "/v1beta/models/" + model.info().id() + ":streamGenerateContent?alt=sse"
        : "/v1beta/models/" + model.info().id() + ":generateContent", r.getTarget());
    return MAPPER.readTree(r.getBody().utf8());
  }

  private static ChatRequest rich() {
    return ChatRequest.builder()
        .system("You are terse.")
        .user(ContentPart.text("What is in this picture, and what's the weather in Oslo?"),
            ContentPart.imageBytes(PNG, "image/png"))
        .message(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"),
            new ToolCall("call_2", "get_time", "{}"))))
        .message(Message.toolResult("call_1", "get_weather", "{\"temp_c\":4}"))
        .message(Message.toolResult("call_2", "get_time", "14:05"))
        .user("Thanks. And a haiku?")
        .tool(ToolSpec.of("get_weather", "Current weather for a city", WEATHER_SCHEMA))
        .tool(ToolSpec.of("get_time", "", null))
        .toolChoice(ToolChoice.AUTO)
        .temperature(0.2)
        .topP(0.95)
        .maxOutputTokens(1024)
        .stop(List.of("\n\nEND"))
        .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}"))
        .build();
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void richRequestIsExactlyTheReferenceShape(Calls path) throws Exception {
    JsonNode body = sent(path, Calls.model(server).build(), rich());
    String expected = "{"
        + "\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
        + "\"contents\":["
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"What is in this picture, and what's the weather in Oslo?\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORwECAw==\"}}]},"
        + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}},"
        + "{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"temp_c\":4}}},"
        + "{\"functionResponse\":{\"name\":\"get_time\",\"response\":{\"content\":\"14:05\"}}}]},"
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Thanks. And a haiku?\"}]}],"
        + "\"tools\":[{\"functionDeclarations\":["
        + "{\"name\":\"get_weather\",\"description\":\"Current weather for a city\",\"parametersJsonSchema\":" + WEATHER_SCHEMA + "},"
        + "{\"name\":\"get_time\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{}}}]}],"
        + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}},"
        + "\"generationConfig\":{\"temperature\":0.2,\"topP\":0.95,\"maxOutputTokens\":1024,\"stopSequences\":[\"\\n\\nEND\"],"
        + "\"responseMimeType\":\"application/json\","
        + "\"responseJsonSchema\":{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}}"
        + "}";
    assertEquals(MAPPER.readTree(expected), body);
  }

  @Test
  void minimalRequestHasOnlyContents() throws Exception {
    JsonNode body = sent(Calls.SYNC, Calls.model(server).build(), ChatRequest.of("hi"));
    assertEquals(MAPPER.readTree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"), body);
  }

  @Test
  void toolChoiceModes() throws Exception {
    GeminiChatModel m = Calls.model(server).build();
    ChatRequest.Builder b = ChatRequest.builder().user("x").tool(ToolSpec.of("a", "", null)).tool(ToolSpec.of("b", "", null));
    assertEquals("{\"mode\":\"NONE\"}", sent(Calls.SYNC, m, b.toolChoice(ToolChoice.NONE).build())
        .path("toolConfig").path("functionCallingConfig").toString());
    assertEquals("{\"mode\":\"ANY\"}", sent(Calls.SYNC, m, b.toolChoice(ToolChoice.REQUIRED).build())
        .path("toolConfig").path("functionCallingConfig").toString());
    assertEquals("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}", sent(Calls.SYNC, m,
        b.toolChoice(ToolChoice.tool("b")).build()).path("toolConfig").path("functionCallingConfig").toString());
    assertFalse(sent(Calls.SYNC, m, b.toolChoice(null).build()).has("toolConfig"), "provider default when unset");
  }

  @Test
  void jsonObjectModeSetsOnlyTheMimeType() throws Exception {
    JsonNode body = sent(Calls.SYNC, Calls.model(server).build(),
        ChatRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build());
    assertEquals(MAPPER.readTree("{\"responseMimeType\":\"application/json\"}"), body.get("generationConfig"));
  }

  @Test
  void includeThoughtsAndDeepMergedExtraFields() throws Exception {
    GeminiChatModel m = Calls.model(server).includeThoughts(true).build();
    ChatRequest r = ChatRequest.builder().user("x").temperature(0.5)
        .extraField("generationConfig", Map.of("topK", 40, "thinkingConfig", Map.of("thinkingBudget", 512)))
        .extraField("safetySettings", List.of(Map.of("category", "HARM_CATEGORY_HARASSMENT", "threshold", "BLOCK_ONLY_HIGH")))
        .build();
    JsonNode body = sent(Calls.STREAM, m, r);
    assertEquals(MAPPER.readTree("{\"temperature\":0.5,\"topK\":40,"
        + "\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":512}}"), body.get("generationConfig"));
    assertEquals("BLOCK_ONLY_HIGH", body.path("safetySettings").path(0).path("threshold").asText());
  }

  @Test
  void modelOverridePerCallAndModelsPrefix() throws Exception {
    GeminiChatModel m = Calls.model(server).model("models/gemini-2.0-flash").build();
    assertEquals("gemini-2.0-flash", m.info().id());
    server.enqueue(new MockResponse.Builder().body(OK).build());
    m.chat(ChatRequest.builder().user("x").model("gemini-2.5-pro").build());
    assertEquals("/v1beta/models/gemini-2.5-pro:generateContent", server.takeRequest().getTarget());
  }

  @Test
  void customHeadersAreSentAndKeyIsNeverInToString() throws Exception {
    GeminiChatModel m = Calls.model(server).header("x-goog-user-project", "proj-1").build();
    server.enqueue(new MockResponse.Builder().body(OK).build());
    m.chat("x");
    assertEquals("proj-1", server.takeRequest().getHeaders().get("x-goog-user-project"));
    assertFalse(m.toString().contains(Calls.KEY));
  }

  @Test
  void dataUrlImageIsSentInlineAndFilesApiUriAsFileData() throws Exception {
    String files = "https://generativelanguage.googleapis.com/v1beta/files/abc123";
    JsonNode body = sent(Calls.SYNC, Calls.model(server).build(), ChatRequest.builder()
        .user(ContentPart.imageUrl("data:image/jpeg;base64,/9j/AA=="), ContentPart.imageUrl(files),
            ContentPart.imageUrl("gs://bucket/cat.png"))
        .build());
    assertEquals(MAPPER.readTree("[{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\"/9j/AA==\"}},"
        + "{\"fileData\":{\"fileUri\":\"" + files + "\"}},"
        + "{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"gs://bucket/cat.png\"}}]"),
        body.path("contents").path(0).path("parts"));
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void webImageUrlIsRejectedBeforeAnyCall(Calls path) {
    ChatRequest r = ChatRequest.builder().user(ContentPart.text("what?"), ContentPart.imageUrl("https://example.com/cat.png")).build();
    ChatModelException e = path.fail(Calls.model(server).build(), r);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("cannot fetch image URLs"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void malformedToolArgumentsInHistoryAreInvalidRequest(Calls path) {
    ChatRequest r = ChatRequest.builder().user("x")
        .message(Message.assistant("", List.of(new ToolCall("c", "f", "not json")))).build();
    ChatModelException e = path.fail(Calls.model(server).build(), r);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.getMessage().contains("arguments of tool call c"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void thoughtSignatureOfAReturnedCallIsSentBackWithIt() throws Exception {
    GeminiChatModel m = Calls.model(server).build();
    server.enqueue(Recordings.chunks("google-tool-call.chunks.txt"));
    ChatResponse first = Calls.STREAM.run(m, ChatRequest.of("weather?"));
    ToolCall call = first.toolCalls().get(0);
    ChatRequest followUp = ChatRequest.builder().user("weather?")
        .message(Message.assistant("", first.toolCalls()))
        .message(Message.toolResult(call.id(), call.name(), "sunny"))
        .build();
    server.takeRequest();
    JsonNode body = sent(Calls.SYNC, m, followUp);
    JsonNode part = body.path("contents").path(1).path("parts").path(0);
    assertTrue(part.path("thoughtSignature").asText().startsWith("EqUCCqICAb4+9vsh8Pd5taZV"), part.toString());
    assertEquals("weather", part.path("functionCall").path("name").asText());
    assertEquals("{\"content\":\"sunny\"}", body.path("contents").path(2).path("parts").path(0)
        .path("functionResponse").path("response").toString());
  }

  @Test
  void unknownSignatureGetsGooglesPlaceholderOnlyForGemini3() throws Exception {
    ChatRequest r = ChatRequest.builder().user("x")
        .message(Message.assistant("", List.of(new ToolCall("call_a", "f", "{}"), new ToolCall("call_b", "f", "{}"))))
        .message(Message.toolResult("call_a", "f", "1"))
        .message(Message.toolResult("call_b", "f", "2"))
        .build();
    JsonNode g3 = sent(Calls.SYNC, Calls.model(server).model("gemini-3-pro-preview").build(), r);
    JsonNode parts = g3.path("contents").path(1).path("parts");
    assertEquals(ThoughtSignatures.SKIP_VALIDATOR, parts.path(0).path("thoughtSignature").asText());
    assertFalse(parts.path(1).has("thoughtSignature"), "only the first call of a turn carries one");
    JsonNode g25 = sent(Calls.SYNC, Calls.model(server).build(), r);
    assertFalse(g25.path("contents").path(1).path("parts").path(0).has("thoughtSignature"));
  }

  @Test
  void perCallTimeoutOverridesTheBuilder() {
    server.enqueue(new MockResponse.Builder().body(OK).headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());
    GeminiChatModel m = Calls.model(server).build();
    ChatModelException e = Calls.SYNC.fail(m, ChatRequest.builder().user("x").timeout(Duration.ofMillis(200)).build());
    assertEquals(Failure.TIMEOUT, e.failure());
  }
}
