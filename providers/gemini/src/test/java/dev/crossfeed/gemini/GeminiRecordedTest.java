package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays every recording in ../shared/fixtures/recorded/gemini/ (see its README for the framings) and asserts
 * what each contains. JSON bodies also go through the stream path as a single SSE event, which is a valid
 * Gemini stream.
 */
@Timeout(30)
class GeminiRecordedTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ChatRequest HELLO = ChatRequest.of("hello");

  @StartStop MockWebServer server = new MockWebServer();

  private GeminiChatModel model() {
    return Calls.model(server).build();
  }

  private MockResponse asSse(String jsonFile) throws Exception {
    JsonNode body = MAPPER.readTree(Recordings.text(jsonFile));
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: " + body + "\r\n\r\n").build();
  }

  private ChatResponse replayJson(String file, Calls path) throws Exception {
    server.enqueue(path == Calls.STREAM ? asSse(file) : Recordings.json(file, 200));
    return path.run(model(), HELLO);
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void googleTextJson(Calls path) throws Exception {
    ChatResponse r = replayJson("google-text.json", path);
    assertEquals("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new Usage(9, 28 + 244, 0, 244), r.usage());
    assertEquals("Un6LacrVMcjUxs0PmJfWoQc", r.requestId().orElseThrow());
    assertEquals("gemini-3-pro-preview", r.model());
    assertEquals("gemini", r.provider());
    assertTrue(r.cost().isPresent(), "gemini-2.5-flash has catalog prices");
  }

  @Test
  void googleTextChunks() throws Exception {
    server.enqueue(Recordings.chunks("google-text.chunks.txt"));
    ChatResponse r = Calls.STREAM.run(model(), HELLO);
    assertEquals("There are **3** \"r\"s in strawberry.\n\nst**r**awbe**rr**y", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new Usage(9, 23 + 185, 0, 185), r.usage());
    assertEquals("bH6LaZW8Fp_3nsEPqtaSwQ4", r.requestId().orElseThrow());
    List<String> deltas = textDeltas();
    assertEquals(List.of("There are **3**", " \"r\"s in strawberry.\n\nst**r**awbe**rr**y"), deltas);
    RecordedRequest sent = server.takeRequest();
    assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", sent.getTarget());
  }

  @Test
  void pydanticStreamWithCrlfFraming() throws Exception {
    server.enqueue(Recordings.cassette("test_google_model_stream.yaml").get(0));
    ChatResponse r = Calls.STREAM.run(model(), HELLO);
    assertEquals("The capital of France is Paris.\n", r.text());
    assertEquals(List.of("The", " capital of France", " is Paris.\n"), textDeltas());
    assertEquals(Usage.of(13, 8), r.usage(), "the last usageMetadata wins, not the largest");
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("w1peaMz6INOvnvgPgYfPiQY", r.requestId().orElseThrow());
    assertEquals("gemini-2.0-flash-exp", r.model());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void googleToolCallJson(Calls path) throws Exception {
    ChatResponse r = replayJson("google-tool-call.json", path);
    assertEquals(List.of(new ToolCall("gc_m36LaZGyCLz1xs0PtNSB-QU_0", "weather", "{\"location\":\"San Francisco\"}")),
        r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(29, 15 + 893, 0, 893), r.usage());
    assertEquals("", r.text());
  }

  @Test
  void googleToolCallChunks() throws Exception {
    server.enqueue(Recordings.chunks("google-tool-call.chunks.txt"));
    GeminiChatModel m = model();
    ChatResponse r = Calls.STREAM.run(m, HELLO);
    ToolCall call = new ToolCall("gc_b36LacjwM668nsEP2tbsgQQ_0", "weather", "{\"location\":\"San Francisco\"}");
    assertEquals(List.of(call), r.toolCalls());
    assertTrue(Calls.EVENTS.get().contains(new StreamEvent.ToolCallComplete(0, call)));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(29, 15 + 45, 0, 45), r.usage());
    assertEquals(1, m.rememberedSignatures(), "the call's thoughtSignature is kept for replay");
  }

  @Test
  void thoughtsThenCallsIncludingVertexStreamedArguments() throws Exception {
    server.enqueue(Recordings.chunks("google-stream-no-args-tool-call.chunks.txt"));
    ChatResponse r = Calls.STREAM.run(model(), HELLO);
    assertTrue(r.reasoning().startsWith("**Processing User Requests**"), r.reasoning());
    assertEquals("", r.text());
    assertEquals(List.of("read_theme:{}", "read_screen:{\"id\":\"A\"}", "read_screen:{\"id\":\"B\"}",
        "read_screen:{\"id\":\"C\"}"), calls(r));
    assertEquals(4, r.toolCalls().stream().map(ToolCall::id).distinct().count(), "distinct call ids");
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(249, 58 + 183, 0, 183), r.usage());
    assertEquals(4, Calls.EVENTS.get().stream().filter(e -> e instanceof StreamEvent.ToolCallComplete).count());
  }

  @Test
  void vertexPartialArgsAreAssembled() throws Exception {
    server.enqueue(Recordings.chunks("google-stream-tool-call-arguments.chunks.txt"));
    ChatResponse r = Calls.STREAM.run(model(), HELLO);
    assertEquals(List.of("getWeather:{\"location\":\"Boston\"}", "getWeather:{\"location\":\"San Francisco\"}"), calls(r));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(26, 23 + 132, 0, 132), r.usage());
    assertEquals("dqHOab6xGLzWodAPkPuViA4", r.requestId().orElseThrow());
  }

  @Test
  void thinkingStreamFromCassette() throws Exception {
    server.enqueue(Recordings.cassette("test_google_model_thinking_part_iter.yaml").get(0));
    ChatResponse r = Calls.STREAM.run(model(), HELLO);
    assertTrue(r.reasoning().startsWith("**Clarifying User Goals**"), r.reasoning());
    assertTrue(r.reasoning().contains("**Crafting Safe Instructions**"));
    assertTrue(r.text().startsWith("This is a great question! Safely crossing the street"), r.text());
    assertTrue(r.text().contains("in the other lane.\n*   **Look left again** to make sure"), r.text());
    assertTrue(r.text().endsWith("Always assume a driver might not see you."), r.text());
    assertEquals(new Usage(34, 469 + 787, 0, 787), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    long reasoningEvents = Calls.EVENTS.get().stream().filter(e -> e instanceof StreamEvent.ReasoningDelta).count();
    assertEquals(4, reasoningEvents);
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void nativeStructuredOutput(Calls path) throws Exception {
    server.enqueue(path == Calls.STREAM ? cassetteAsSse("test_google_native_output.yaml")
        : Recordings.cassette("test_google_native_output.yaml").get(0));
    ChatResponse r = path.run(model(), HELLO);
    assertEquals(MAPPER.readTree("{\"city\":\"Mexico City\",\"country\":\"Mexico\"}"), MAPPER.readTree(r.text()));
    assertEquals(Usage.of(8, 20), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void safetyBlockIsReturnedAsContentFiltered(Calls path) throws Exception {
    server.enqueue(path == Calls.STREAM ? cassetteAsSse("test_google_model_safety_settings.yaml")
        : Recordings.cassette("test_google_model_safety_settings.yaml").get(0));
    ChatResponse r = path.run(model(), HELLO);
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("", r.text());
    assertEquals(Usage.of(14, 0), r.usage());
    assertEquals("5lpeaLOIBf__698Pv8HGgAg", r.requestId().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void maxTokensIsLength(Calls path) throws Exception {
    server.enqueue(path == Calls.STREAM ? cassetteAsSse("test_google_model_max_tokens.yaml")
        : Recordings.cassette("test_google_model_max_tokens.yaml").get(0));
    ChatResponse r = path.run(model(), HELLO);
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals("The capital of France is", r.text());
    assertEquals(Usage.of(15, 5), r.usage());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void unknownModelIsModelNotFound(Calls path) {
    server.enqueue(Recordings.cassette("test_model_name_suggestion-google.yaml").get(0));
    ChatModelException e = path.fail(model(), HELLO);
    assertEquals(Failure.MODEL_NOT_FOUND, e.failure());
    assertEquals(404, e.status().getAsInt());
    assertTrue(e.providerMessage().contains("is not found for API version v1beta"), e.providerMessage());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void missingKeyIsPermissionDenied(Calls path) {
    server.enqueue(Recordings.httprr("TestGoogleAIErrorHandling.httprr").get(0));
    ChatModelException e = path.fail(model(), HELLO);
    assertEquals(Failure.PERMISSION, e.failure());
    assertEquals(403, e.status().getAsInt());
    assertTrue(e.providerMessage().startsWith("Method doesn't allow unregistered callers"), e.providerMessage());
    assertTrue(e.retryAfter().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Calls.class)
  void unsupportedParameterIsInvalidRequest(Calls path) {
    server.enqueue(Recordings.json("issue-8943-gemini-2.5-flash-error.json", 400));
    ChatModelException e = path.fail(model(), HELLO);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals("Penalty is not enabled for models/gemini-2.5-flash", e.providerMessage());
  }

  @Test
  void requestsMatchTheRecordedRealOnes() throws Exception {
    // structured output: the recorded request used responseMimeType + responseJsonSchema, as we do
    JsonNode recorded = MAPPER.readTree(Recordings.cassetteRequestBody("test_google_native_output.yaml"));
    String schema = recorded.path("generationConfig").path("responseJsonSchema").toString();
    server.enqueue(Recordings.cassette("test_google_native_output.yaml").get(0));
    model().chat(ChatRequest.builder().user("What is the largest city in Mexico?")
        .responseFormat(dev.crossfeed.ResponseFormat.jsonSchema("CityLocation", schema)).build());
    JsonNode sent = MAPPER.readTree(server.takeRequest().getBody().utf8());
    assertEquals(recorded.get("contents"), sent.get("contents"));
    com.fasterxml.jackson.databind.node.ObjectNode config = recorded.get("generationConfig").deepCopy();
    config.remove("responseModalities"); // pydantic-ai's default, not something a ChatRequest says
    assertEquals(config, sent.get("generationConfig"));

    // system instruction and output cap
    recorded = MAPPER.readTree(Recordings.cassetteRequestBody("test_google_model_max_tokens.yaml"));
    server.enqueue(Recordings.cassette("test_google_model_max_tokens.yaml").get(0));
    model().chat(ChatRequest.builder().system("You are a helpful chatbot.").user("What is the capital of France?")
        .maxOutputTokens(5).build());
    sent = MAPPER.readTree(server.takeRequest().getBody().utf8());
    assertEquals(recorded.get("contents"), sent.get("contents"));
    assertEquals(recorded.path("systemInstruction").get("parts"), sent.path("systemInstruction").get("parts"));
    assertEquals(recorded.path("generationConfig").get("maxOutputTokens"), sent.path("generationConfig").get("maxOutputTokens"));

    // streaming with temperature 0
    recorded = MAPPER.readTree(Recordings.cassetteRequestBody("test_google_model_stream.yaml"));
    server.enqueue(Recordings.cassette("test_google_model_stream.yaml").get(0));
    Calls.STREAM.run(model(), ChatRequest.builder().system("You are a helpful chatbot.")
        .user("What is the capital of France?").temperature(0.0).build());
    RecordedRequest streamed = server.takeRequest();
    assertTrue(streamed.getTarget().endsWith(":streamGenerateContent?alt=sse"));
    sent = MAPPER.readTree(streamed.getBody().utf8());
    assertEquals(recorded.get("contents"), sent.get("contents"));
    assertEquals(recorded.get("generationConfig"), sent.get("generationConfig"));
  }

  private MockResponse cassetteAsSse(String file) throws Exception {
    // the cassette's JSON body, served as a one-event stream
    String body = MAPPER.readTree(Recordings.cassetteBody(file)).toString();
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body("data: " + body + "\r\n\r\n").build();
  }

  private static List<String> textDeltas() {
    return Calls.EVENTS.get().stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .map(e -> ((StreamEvent.TextDelta) e).text()).collect(Collectors.toList());
  }

  private static List<String> calls(ChatResponse r) {
    return r.toolCalls().stream().map(c -> c.name() + ":" + c.argumentsJson()).collect(Collectors.toList());
  }
}
