package dev.crossfeed.openai;

import static dev.crossfeed.openai.Recordings.cassette;
import static dev.crossfeed.openai.Recordings.chunkLines;
import static dev.crossfeed.openai.Recordings.chunks;
import static dev.crossfeed.openai.Recordings.deltas;
import static dev.crossfeed.openai.Recordings.httprr;
import static dev.crossfeed.openai.Recordings.jsonBody;
import static dev.crossfeed.openai.Recordings.rawSse;
import static dev.crossfeed.openai.Recordings.sameJson;
import static dev.crossfeed.openai.TestSupport.body;
import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ResponseFormat;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.openai.Recordings.Exchange;
import dev.crossfeed.openai.TestSupport.Path;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real Groq, Mistral, DeepSeek, OpenRouter, gateway, DashScope and Ollama {@code /v1} Chat Completions traffic from
 * {@code ../shared/fixtures/recorded}, replayed through the matching preset.
 */
@Timeout(60)
class RecordedHostsTest {
  @StartStop MockWebServer server = new MockWebServer();

  private ChatModel model(OpenAiHost host, String modelId) {
    return chat(server, host).model(modelId).build();
  }

  private ChatResponse replay(Exchange exchange, ChatModel model, Path path) {
    server.enqueue(exchange.toResponse());
    return path.call(model, ChatRequest.of("hi"));
  }

  private ChatModelException replayFailure(Exchange exchange, ChatModel model, Path path) {
    server.enqueue(exchange.toResponse());
    return TestSupport.fails(path, model, ChatRequest.of("hi"));
  }

  private static ChatResponse last(List<StreamEvent> events) {
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  // ---- groq/

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void groqText(Path path) {
    JsonNode recorded = Recordings.json("groq/groq-text.json");
    ChatResponse r = replay(jsonBody("groq/groq-text.json", 200), model(OpenAiHost.GROQ, "llama-3.3-70b-versatile"), path);
    assertEquals(recorded.at("/choices/0/message/content").asText(), r.text());
    assertEquals(Usage.of(45, 607), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertTrue(r.requestId().orElseThrow().startsWith("req_"), "x_groq.id");
  }

  @Test
  void groqTextChunks() {
    List<String> lines = chunkLines("groq/groq-text.chunks.txt");
    ChatResponse r = replay(chunks("groq/groq-text.chunks.txt"), model(OpenAiHost.GROQ, "llama-3.3-70b-versatile"), Path.STREAM);
    assertEquals(deltas(lines, "content"), r.text());
    assertEquals(Usage.of(45, 662), r.usage(), "usage from the finish chunk");
    assertEquals("req_01kh52ndshfr2azv0xe6tnv4fx", r.requestId().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void groqToolCall(Path path) {
    ChatResponse r = replay(jsonBody("groq/groq-tool-call.json", 200), model(OpenAiHost.GROQ, "llama-3.3-70b-versatile"), path);
    assertEquals(List.of(new ToolCall("ax9fskhev", "weather", "{}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
  }

  @Test
  void groqToolCallWholeInOneChunk() {
    server.enqueue(chunks("groq/groq-tool-call.chunks.txt").toResponse());
    List<StreamEvent> events = TestSupport.events(model(OpenAiHost.GROQ, "llama-3.3-70b-versatile"), ChatRequest.of("hi"));
    ChatResponse r = last(events);
    assertEquals(1, r.toolCalls().size());
    assertEquals("weather", r.toolCalls().get(0).name());
    assertTrue(events.contains(new StreamEvent.ToolCallComplete(0, r.toolCalls().get(0))));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(210, 15), r.usage());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void groqReasoning(Path path) {
    ChatResponse r = replay(jsonBody("groq/groq-reasoning.json", 200), model(OpenAiHost.GROQ, "qwen/qwen3-32b"), path);
    assertTrue(r.reasoning().startsWith("Okay, so the user is asking how many times"), r.reasoning());
    assertTrue(r.text().contains("**3**"));
    assertEquals(new Usage(17, 649, 0, 570), r.usage());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void groqNativeOutput(Path path) {
    Exchange ex = cassette("groq/test_groq_native_output.yaml").get(0);
    ChatResponse r = replay(ex, model(OpenAiHost.GROQ, "openai/gpt-oss-120b"), path);
    assertEquals("{\"city\":\"Mexico City\",\"country\":\"Mexico\"}", r.text());
    assertTrue(r.reasoning().startsWith("The user asks: \"What is the largest city in Mexico?\""), r.reasoning());
    JsonNode schema = ex.request().at("/response_format/json_schema/schema");
    server.enqueue(ex.toResponse());
    model(OpenAiHost.GROQ, "openai/gpt-oss-120b").chat(ChatRequest.builder().user("What is the largest city in Mexico?")
        .responseFormat(ResponseFormat.jsonSchema("CityLocation", schema.toString())).build());
    take(server);
    JsonNode sent = body(take(server));
    assertTrue(sameJson(schema, sent.at("/response_format/json_schema/schema")));
    assertEquals("json_schema", sent.at("/response_format/type").asText());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void groqModelNotFound(Path path) {
    ChatModelException e = replayFailure(cassette("groq/test_tool_regular_error.yaml").get(0), model(OpenAiHost.GROQ, "non-existent"), path);
    assertEquals(Failure.MODEL_NOT_FOUND, e.failure());
    assertEquals(404, e.status().getAsInt());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void groqToolUseFailedThenRetriesSucceed(Path path) {
    List<Exchange> exchanges = cassette("groq/test_tool_use_failed_error.yaml");
    ChatModel m = model(OpenAiHost.GROQ, "openai/gpt-oss-120b");
    ChatModelException e = replayFailure(exchanges.get(0), m, path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().startsWith("Tool call validation failed"), e.providerMessage());
    ChatResponse call = replay(exchanges.get(1), m, path);
    assertEquals(List.of(new ToolCall("fc_311ba17b-89f9-48d3-8fd9-7e74a1264855", "get_something_by_name", "{\"name\":\"test\"}")), call.toolCalls());
    assertEquals(22, call.usage().reasoningTokens());
    ChatResponse answer = replay(exchanges.get(2), m, path);
    assertTrue(answer.text().startsWith("The first call failed"), answer.text());
    assertEquals(59, answer.usage().reasoningTokens());
  }

  @Test
  void groqErrorEventInsideA200Stream() {
    List<Exchange> exchanges = cassette("groq/test_tool_use_failed_error_streaming.yaml");
    ChatModel m = model(OpenAiHost.GROQ, "openai/gpt-oss-120b");
    ChatModelException e = replayFailure(exchanges.get(0), m, Path.STREAM);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure(), "reasoning deltas reached the caller before the error");
    assertEquals(Failure.INVALID_REQUEST, ((ChatModelException) e.getCause()).failure());
    assertTrue(e.getMessage().contains("Tool call validation failed"), e.getMessage());
    assertTrue(e.partialResponse().orElseThrow().reasoning().startsWith("We need to call the tool"), e.partialResponse().get().reasoning());
    ChatResponse call = replay(exchanges.get(1), m, Path.STREAM);
    assertEquals(List.of(new ToolCall("fc_bfb39741-3748-4def-9886-a93fc9c64a90", "get_something_by_name", "{\"name\":\"example\"}")), call.toolCalls());
    ChatResponse answer = replay(exchanges.get(2), m, Path.STREAM);
    assertEquals("The tool returned the expected result for the valid call.", answer.text().substring(answer.text().length() - 57));
    assertEquals(new Usage(339, 58, 0, 38), answer.usage());
  }

  // ---- mistral/

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void mistralJsonBodies(Path path) {
    ChatModel m = model(OpenAiHost.MISTRAL, "mistral-small-latest");
    ChatResponse text = replay(jsonBody("mistral/mistral-text.json", 200), m, path);
    assertTrue(text.text().startsWith("**Holiday Name: \"World Kindness Day of Sharing\"**"));
    assertEquals(Usage.of(13, 434), text.usage());
    ChatResponse tool = replay(jsonBody("mistral/mistral-tool-call.json", 200), m, path);
    assertEquals(List.of(new ToolCall("gSIMJiOkT", "weather", "{\"location\": \"San Francisco\"}")), tool.toolCalls());
    ChatResponse old = replay(jsonBody("mistral/chat_completions_function_call_response.json", 200), m, path);
    assertEquals(List.of(new ToolCall("ejOH4ZAso", "WeatherPlugin-GetWeather", "{\"location\": \"Paris, 75\"}")), old.toolCalls());
    assertEquals("", old.text());
    ChatResponse reasoning = replay(jsonBody("mistral/mistral-reasoning.json", 200), m, path);
    assertEquals("The user is asking for 2+2. This is basic arithmetic. 2+2=4.", reasoning.reasoning());
    assertEquals("2 + 2 = 4", reasoning.text());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void mistralPenaltiesCassette(Path path) {
    ChatResponse r = replay(cassette("mistral/test_mistral_forwards_penalties.yaml").get(0), model(OpenAiHost.MISTRAL, "mistral-large-latest"), path);
    assertTrue(r.text().startsWith("Hello! \uD83D\uDE0A How can I assist you today?"), r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void mistralStreamEndingAtLength() {
    ChatResponse r = replay(rawSse("mistral/chat_completions_streaming_response.txt"), model(OpenAiHost.MISTRAL, "mistral-tiny"), Path.STREAM);
    assertTrue(r.text().startsWith("It"), r.text());
    assertTrue(r.text().endsWith(" or Crott"), r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals(Usage.of(15, 128), r.usage());
    assertFalse(body(take(server)).has("stream_options"));
  }

  @Test
  void mistralWholeToolCallWithoutIdOrIndex() {
    ChatResponse r = replay(rawSse("mistral/chat_completions_streaming_function_call_response.txt"), model(OpenAiHost.MISTRAL, "mistral-small-latest"), Path.STREAM);
    assertEquals(1, r.toolCalls().size());
    ToolCall c = r.toolCalls().get(0);
    assertEquals("WeatherPlugin-GetWeather", c.name());
    assertEquals("{\"location\": \"Paris\", \"unit\": \"celsius\"}", c.argumentsJson());
    assertTrue(c.id().matches("[A-Za-z0-9]{9}"), "synthesized id Mistral accepts back: " + c.id());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(Usage.of(118, 31), r.usage());
  }

  @Test
  void mistralIncrementalToolCall() {
    ChatResponse r = replay(chunks("mistral/mistral-incremental-tool-call.chunks.txt"), model(OpenAiHost.MISTRAL, "zai-glm-5-2"), Path.STREAM);
    assertEquals(List.of(new ToolCall("chatcmpl-tool-9f149c74c42f265b", "webSearchTool", "{\"query\": \"current Berlin weather\"}")), r.toolCalls());
    assertEquals(new Usage(171, 14, 128, 0), r.usage());
  }

  @Test
  void mistralThinkingStream() {
    Exchange ex = cassette("mistral/test_mistral_model_thinking_part_iter.yaml").get(0);
    ChatResponse r = replay(ex, model(OpenAiHost.MISTRAL, "magistral-medium-latest"), Path.STREAM);
    assertTrue(r.reasoning().startsWith("Okay, the user"), r.reasoning());
    assertTrue(r.text().endsWith(" crossing."), r.text());
    assertFalse(r.text().contains("Okay, the user"), "thinking is not answer text");
    assertEquals(Usage.of(10, 232), r.usage());
  }

  // ---- deepseek/

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void deepseekJsonBodies(Path path) {
    ChatModel m = model(OpenAiHost.DEEPSEEK, "deepseek-reasoner");
    ChatResponse text = replay(jsonBody("deepseek/deepseek-text.json", 200), m, path);
    assertTrue(text.text().startsWith("## **Holiday Name: Gratitude of Small Things Day"));
    assertEquals(FinishReason.LENGTH, text.finishReason());
    assertEquals(Usage.of(13, 300), text.usage());
    ChatResponse tool = replay(jsonBody("deepseek/deepseek-tool-call.json", 200), m, path);
    assertEquals(List.of(new ToolCall("call_00_9V0vrf86Pc9aelHCJMZqnJBo", "weather", "{\"location\": \"San Francisco\"}")), tool.toolCalls());
    assertTrue(tool.reasoning().startsWith("The user is asking for the weather"));
    assertEquals(new Usage(339, 92, 320, 48), tool.usage());
    ChatResponse reasoning = replay(jsonBody("deepseek/deepseek-reasoning.json", 200), m, path);
    assertTrue(reasoning.text().startsWith("The word \"strawberry\" contains three"));
    assertFalse(reasoning.reasoning().isEmpty());
    assertEquals(315, reasoning.usage().reasoningTokens());
    ChatResponse json = replay(jsonBody("deepseek/deepseek-json.json", 200), m, path);
    assertEquals("cloudy", TestSupport.tree(json.text()).get("condition").asText());
    assertEquals(new Usage(495, 144, 320, 118), json.usage());
  }

  @Test
  void deepseekStreams() {
    ChatModel m = model(OpenAiHost.DEEPSEEK, "deepseek-reasoner");
    List<String> text = chunkLines("deepseek/deepseek-text.chunks.txt");
    ChatResponse t = replay(chunks("deepseek/deepseek-text.chunks.txt"), m, Path.STREAM);
    assertEquals(deltas(text, "content"), t.text());
    assertEquals(FinishReason.LENGTH, t.finishReason());
    assertEquals(Usage.of(13, 400), t.usage());

    List<String> reasoning = chunkLines("deepseek/deepseek-reasoning.chunks.txt");
    ChatResponse r = replay(chunks("deepseek/deepseek-reasoning.chunks.txt"), m, Path.STREAM);
    assertEquals(deltas(reasoning, "reasoning_content"), r.reasoning());
    assertEquals(deltas(reasoning, "content"), r.text());
    assertEquals(new Usage(18, 219, 0, 205), r.usage());

    List<String> tool = chunkLines("deepseek/deepseek-tool-call.chunks.txt");
    ChatResponse c = replay(chunks("deepseek/deepseek-tool-call.chunks.txt"), m, Path.STREAM);
    assertEquals(deltas(tool, "reasoning_content"), c.reasoning());
    assertEquals(List.of(new ToolCall("call_00_ioIn7yN9p1ZOMNpDLwd4MgAF", "weather", "{\"location\": \"San Francisco\"}")), c.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, c.finishReason());
    assertEquals(new Usage(339, 83, 320, 39), c.usage());
  }

  // ---- other/

  @Test
  void openRouterStreamThenRateLimit() {
    List<Exchange> exchanges = httprr("other/TestOpenRouterStreaming.httprr");
    ChatModel m = model(OpenAiHost.OPENROUTER, "meta-llama/llama-3.2-3b-instruct:free");
    ChatRequest request = ChatRequest.builder().user("Say exactly 'test response' and nothing else").temperature(0.0).build();
    server.enqueue(exchanges.get(0).toResponse());
    ChatResponse r = Path.STREAM.call(m, request);
    assertEquals("test response", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.of(586, 3), r.usage(), "usage arrives after the finish chunk");
    assertEquals("gen-1754667632-NNYO7FUAFP6cwNW8jL7x", r.requestId().orElseThrow());
    assertTrue(sameJson(exchanges.get(0).request(), body(take(server))), "same body as the recorded client sent");

    for (Path path : Path.values()) {
      ChatModelException e = replayFailure(exchanges.get(1), m, path);
      assertEquals(Failure.RATE_LIMITED, e.failure());
      assertEquals(429, e.status().getAsInt());
      assertEquals(0, e.rateLimits().remainingRequests().getAsLong());
      assertEquals(1, e.rateLimits().limitRequests().getAsLong());
      assertTrue(e.rateLimits().exhausted());
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void openRouterUpstreamRateLimits(Path path) {
    List<Exchange> exchanges = cassette("other/test_openrouter_errors_raised.yaml");
    assertEquals(3, exchanges.size());
    for (Exchange ex : exchanges) {
      ChatModelException e = replayFailure(ex, model(OpenAiHost.OPENROUTER, "google/gemini-2.0-flash-exp:free"), path);
      assertEquals(Failure.RATE_LIMITED, e.failure());
      assertEquals("Provider returned error", e.providerMessage());
    }
  }

  @Test
  void gatewayToolCallIndexStartingAtOne() {
    server.enqueue(rawSse("other/anthropic-fallback-tool-call.sse").toResponse());
    List<StreamEvent> events = TestSupport.events(model(OpenAiHost.COMPATIBLE, "claude-haiku-4-5"), ChatRequest.of("read a.txt"));
    ChatResponse r = last(events);
    assertEquals("Reading it.", r.text());
    assertEquals(List.of(new ToolCall("toolu_sanitized", "read_file", "{\"path\": \"a.txt\"}")), r.toolCalls());
    assertTrue(events.contains(new StreamEvent.ToolCallComplete(0, r.toolCalls().get(0))));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("claude-haiku-4-5-20251001", r.model());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void dashScopeInvalidParameterWithBodyRequestId(Path path) {
    ChatModelException e = replayFailure(jsonBody("other/qwen-plus-malformed-replayed-tool-arguments-error.json", 400),
        chat(server, OpenAiHost.COMPATIBLE).providerId("dashscope").model("qwen-plus").build(), path);
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals("dashscope", e.provider());
    assertEquals("46d4b65d-a6a7-9d02-a198-ce9eab53accd", e.requestId().orElseThrow(), "request_id from the body");
    assertTrue(e.providerMessage().contains("must be in JSON format"));
  }

  // ---- ollama/ (the OpenAI-compatible /v1 recordings; the native /api/chat ones belong to crossfeed-ollama)

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void ollamaCloudToolOutput(Path path) {
    List<Exchange> exchanges = cassette("ollama/test_ollama_cloud_tool_output.yaml");
    ChatModel m = model(OpenAiHost.OLLAMA, "gpt-oss:20b");
    ChatResponse first = replay(exchanges.get(0), m, path);
    assertEquals("Paris.", first.text());
    assertTrue(first.reasoning().startsWith("We need to answer question"));
    assertEquals(Usage.of(134, 122), first.usage());
    ChatResponse second = replay(exchanges.get(1), m, path);
    assertEquals(List.of(new ToolCall("call_o2vnpxrw", "final_result", "{\"city\":\"Paris\",\"country\":\"France\"}")), second.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, second.finishReason());
    assertTrue(second.reasoning().contains("\n\nWe need to provide answer in JSON format."), "block scalar kept its blank line");
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void ollamaLocalJsonSchema(Path path) {
    ChatResponse r = replay(cassette("ollama/test_ollama_local_native_output_uses_json_schema.yaml").get(0), model(OpenAiHost.OLLAMA, "qwen3:0.6b"), path);
    assertEquals("Paris", TestSupport.tree(r.text()).get("city").asText());
    assertTrue(r.reasoning().startsWith("Okay, the user is asking for the capital of France."));
  }
}
