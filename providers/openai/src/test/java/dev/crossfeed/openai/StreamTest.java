package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.chunk;
import static dev.crossfeed.openai.TestSupport.events;
import static dev.crossfeed.openai.TestSupport.sse;
import static dev.crossfeed.openai.TestSupport.sseBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streaming specifics: event order, fragments, usage placement, in-stream errors and cuts. */
@Timeout(30)
class StreamTest {
  @StartStop MockWebServer server = new MockWebServer();

  private List<StreamEvent> stream(ChatModel model, String body) {
    server.enqueue(sse(body));
    return events(model, ChatRequest.of("x"));
  }

  private static ChatResponse completed(List<StreamEvent> events) {
    return ((StreamEvent.Completed) events.get(events.size() - 1)).response();
  }

  @Test
  void emitsDeltasThenUsageThenExactlyOneCompletedLast() {
    List<StreamEvent> events =
        stream(TestSupport.openai(server),
            sseBody(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hel\"}", null),
                chunk("{\"content\":\"lo\"}", null), chunk("{}", "stop"),
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}"));
    assertEquals(
        List.of(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"), new StreamEvent.UsageUpdate(Usage.of(9, 3))),
        events.subList(0, 3));
    assertEquals(4, events.size());
    ChatResponse r = completed(events);
    assertEquals("Hello", r.text());
    assertEquals(Usage.of(9, 3), r.usage());
  }

  @Test
  void toolCallFragmentsThenCompleteAtFinishReason() {
    List<StreamEvent> events =
        stream(TestSupport.openai(server),
            sseBody(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]}", null),
                chunk("{}", "tool_calls")));
    assertEquals(
        List.of(
            new StreamEvent.ToolCallDelta(0, "call_1", "f", ""),
            new StreamEvent.ToolCallDelta(0, "", "", "{\"a\":"),
            new StreamEvent.ToolCallDelta(0, "", "", "1}"),
            new StreamEvent.ToolCallComplete(0, new ToolCall("call_1", "f", "{\"a\":1}"))),
        events.subList(0, 4));
    assertEquals(FinishReason.TOOL_CALLS, completed(events).finishReason());
  }

  @Test
  void callsCompletedOnlyAtDoneAreInTheFinalResponseWithTheirSyntheticIds() {
    List<StreamEvent> events =
        stream(TestSupport.openai(server),
            sseBody(chunk("{\"content\":\"Let me check\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}", null)));
    StreamEvent.ToolCallComplete done = (StreamEvent.ToolCallComplete) events.get(events.size() - 2);
    assertTrue(!done.call().id().isEmpty(), "an id is synthesized");
    ChatResponse r = completed(events);
    assertEquals("Let me check", r.text());
    assertEquals(List.of(done.call()), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
  }

  /** One rule for both paths: a call no fragment ever named cannot be invoked, and is dropped like a whole one. */
  @Test
  void aToolCallFragmentThatNeverCarriesANameIsDroppedAsInWholeAnswers() {
    List<StreamEvent> events =
        stream(TestSupport.openai(server),
            sseBody(chunk("{\"content\":\"Hi\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_x\",\"function\":{\"arguments\":\"{}\"}}]}", null),
                chunk("{}", "stop")));
    ChatResponse r = completed(events);
    assertEquals(List.of(), r.toolCalls());
    assertEquals(FinishReason.STOP, r.finishReason());
    server.enqueue(TestSupport.json(200, "{\"choices\":[{\"message\":{\"content\":\"Hi\",\"tool_calls\":[{\"id\":\"call_x\","
        + "\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]}"));
    assertEquals(r.toolCalls(), TestSupport.openai(server).chat(dev.crossfeed.ChatRequest.of("x")).toolCalls());
  }

  @Test
  void wireIndexIsAKeyNotAnOffset() {
    List<StreamEvent> events =
        stream(TestSupport.openai(server),
            sseBody(chunk("{\"content\":\"Reading\"}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\"}}]}", null),
                chunk("{}", "tool_calls")));
    ChatResponse r = completed(events);
    assertEquals(List.of(new ToolCall("toolu_1", "read_file", "{\"path\":\"a\"}")), r.toolCalls());
    assertTrue(events.contains(new StreamEvent.ToolCallComplete(0, r.toolCalls().get(0))), "positions start at 0");
  }

  @Test
  void emptyNamesAndIdsNeverOverwriteKnownOnes() {
    ChatResponse r =
        completed(stream(chat(server, OpenAiHost.MISTRAL).build(),
            sseBody(chunk("{\"tool_calls\":[{\"id\":\"chatcmpl-tool-9f\",\"type\":\"function\",\"function\":{\"name\":\"webSearch\",\"arguments\":\"\"},\"index\":0}]}", null),
                chunk("{\"tool_calls\":[{\"id\":\"\",\"type\":\"function\",\"function\":{\"name\":\"\",\"arguments\":\"{\\\"q\\\":1}\"},\"index\":0}]}", null),
                chunk("{\"index\":0,\"content\":\"\"}", "tool_calls"))));
    assertEquals(List.of(new ToolCall("chatcmpl-tool-9f", "webSearch", "{\"q\":1}")), r.toolCalls());
  }

  @Test
  void usageAfterTheFinishChunkAndCommentsAreHandled() {
    String body =
        ": OPENROUTER PROCESSING\r\n\r\n"
            + "data: " + chunk("{\"content\":\"test response\"}", "stop") + "\r\n\r\n"
            + ": keep-alive\r\n\r\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\r\n\r\n"
            + "data: [DONE]\r\n\r\n";
    ChatResponse r = completed(stream(chat(server, OpenAiHost.OPENROUTER).build(), body));
    assertEquals("test response", r.text());
    assertEquals(FinishReason.STOP, r.finishReason(), "a later null finish_reason does not erase stop");
    assertEquals(Usage.of(5, 2), r.usage());
  }

  @Test
  void azureFilterOnlyChunksAreSkipped() {
    ChatResponse r =
        completed(stream(chat(server, OpenAiHost.AZURE).baseUrl(server.url("/").toString()).build(),
            sseBody("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[]}",
                chunk("{\"content\":\"Kindness\"}", null), chunk("{}", "stop"),
                "{\"choices\":[{\"content_filter_offsets\":{\"check_offset\":1},\"content_filter_results\":{},\"finish_reason\":null,\"index\":0}],\"created\":0,\"id\":\"\",\"model\":\"\"}")));
    assertEquals("Kindness", r.text());
    assertEquals("gpt-4o-mini-2024-07-18", r.model());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void azureAsyncFilterAnnotationThatFiltersMarksTheAnswer() {
    ChatResponse r =
        completed(stream(chat(server, OpenAiHost.AZURE).baseUrl(server.url("/").toString()).build(),
            sseBody(chunk("{\"content\":\"Some text\"}", null), chunk("{}", "stop"),
                "{\"choices\":[{\"content_filter_offsets\":{\"check_offset\":0},\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"high\"}},\"finish_reason\":null,\"index\":0}],\"id\":\"\",\"model\":\"\"}")));
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("Some text", r.text(), "what was delivered is kept");
  }

  @Test
  void errorEventBeforeContentIsClassifiedNotInterrupted() {
    server.enqueue(sse("data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertEquals("The server had an error", e.providerMessage());
    assertTrue(e.partialResponse().isEmpty());
  }

  @Test
  void errorEventAfterContentIsInterruptedWithThePartialAnswer() {
    server.enqueue(sse("data: " + chunk("{\"content\":\"Hal\"}", null) + "\n\n"
        + "data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}\n\n"));
    List<StreamEvent> seen = new ArrayList<>();
    ChatModelException e =
        assertThrows(ChatModelException.class, () -> {
          try (ChatStream s = TestSupport.openai(server).stream(ChatRequest.of("x"))) {
            for (StreamEvent ev : s) seen.add(ev);
          }
        });
    assertEquals(List.of(new StreamEvent.TextDelta("Hal")), seen);
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hal", e.partialResponse().orElseThrow().text());
    assertEquals(Failure.RATE_LIMITED, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void groqErrorEventWithoutDone() {
    server.enqueue(sse("data: " + chunk("{\"reasoning\":\"We need\"}", null) + "\n\n"
        + "event: error\ndata: {\"error\":{\"message\":\"Tool call validation failed\",\"type\":\"invalid_request_error\",\"code\":\"tool_use_failed\",\"status_code\":400}}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> chat(server, OpenAiHost.GROQ).build().stream(ChatRequest.of("x")).response());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("We need", e.partialResponse().orElseThrow().reasoning());
    assertEquals(Failure.INVALID_REQUEST, ((ChatModelException) e.getCause()).failure());
    assertTrue(e.getMessage().contains("Tool call validation failed"));
  }

  @Test
  void errorEventWithoutErrorKeyStillFails() {
    server.enqueue(sse("event: error\ndata: {\"message\":\"boom\"}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertEquals("boom", e.providerMessage());
  }

  @Test
  void openRouterMidStreamErrorWithNumericCode() {
    server.enqueue(sse("data: " + chunk("{\"content\":\"a\"}", null) + "\n\n"
        + "data: {\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> chat(server, OpenAiHost.OPENROUTER).build().stream(ChatRequest.of("x")).response());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(Failure.SERVER_ERROR, ((ChatModelException) e.getCause()).failure());
  }

  @Test
  void embeddedHttpStatusClassifiesAnErrorBeforeContent() {
    server.enqueue(sse("data: {\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> chat(server, OpenAiHost.OPENROUTER).build().stream(ChatRequest.of("x")).response());
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertTrue(e.status().isEmpty(), "the HTTP status was 200; the code is only a classification hint");
  }

  @Test
  void plainJsonErrorBodyOnAStreamIsClassified() {
    server.enqueue(TestSupport.json(200, "{\"error\":\"Unexpected endpoint or method. (POST /chat/completions)\"}"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> chat(server, OpenAiHost.LM_STUDIO).build().stream(ChatRequest.of("x")).response());
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().startsWith("Unexpected endpoint"));
  }

  @Test
  void wholeCompletionFromAHostThatIgnoredStreamIsReplayedAsEvents() {
    server.enqueue(TestSupport.json(200, "{\n  \"model\": \"m1\",\n  \"choices\": [{\"index\": 0, \"message\": {\"content\": \"All at once\","
        + " \"tool_calls\": [{\"id\": \"c1\", \"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}]},"
        + " \"finish_reason\": \"tool_calls\"}],\n  \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 4}\n}"));
    List<StreamEvent> events = events(chat(server, OpenAiHost.COMPATIBLE).build(), ChatRequest.of("x"));
    assertEquals(
        List.of(new StreamEvent.TextDelta("All at once"), new StreamEvent.ToolCallDelta(0, "c1", "f", "{}"),
            new StreamEvent.ToolCallComplete(0, new ToolCall("c1", "f", "{}")), new StreamEvent.UsageUpdate(Usage.of(3, 4))),
        events.subList(0, 4));
    ChatResponse r = completed(events);
    assertEquals("m1", r.model());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
  }

  @Test
  void streamEndingWithoutDoneIsACut() {
    server.enqueue(sse(""));
    ChatModelException before = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.CONNECTION, before.failure());
    server.enqueue(sse("data: " + chunk("{\"content\":\"half\"}", null) + "\n\n" + "data: " + chunk("{}", "stop") + "\n\n"));
    ChatModelException after = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.STREAM_INTERRUPTED, after.failure());
    assertEquals("half", after.partialResponse().orElseThrow().text());
  }

  @Test
  void malformedChunkIsInvalidResponse() {
    server.enqueue(sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    server.enqueue(sse("data: " + chunk("{\"content\":\"x\"}", null) + "\n\ndata: [1,2\n\n"));
    ChatModelException after = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.STREAM_INTERRUPTED, after.failure());
    assertEquals(Failure.INVALID_RESPONSE, ((ChatModelException) after.getCause()).failure());
  }

  @Test
  void closingMidStreamCancelsAndIteratingAfterwardsFailsCancelled() {
    server.enqueue(sse(sseBody(chunk("{\"content\":\"a\"}", null), chunk("{\"content\":\"b\"}", null), chunk("{}", "stop"))));
    ChatStream s = TestSupport.openai(server).stream(ChatRequest.of("x"));
    Iterator<StreamEvent> it = s.iterator();
    assertEquals(new StreamEvent.TextDelta("a"), it.next());
    s.close();
    ChatModelException e = assertThrows(ChatModelException.class, it::hasNext);
    assertEquals(Failure.CANCELLED, e.failure());
  }

  @Test
  void streamAsyncDeliversEventsThenCompletes() throws Exception {
    server.enqueue(sse(sseBody(chunk("{\"content\":\"hi\"}", "stop"))));
    List<StreamEvent> seen = new ArrayList<>();
    CompletableFuture<ChatResponse> f =
        TestSupport.openai(server).streamAsync(ChatRequest.of("x"), new StreamListener() {
          @Override
          public void onEvent(StreamEvent event) {
            seen.add(event);
          }
        });
    assertEquals("hi", f.get(10, TimeUnit.SECONDS).text());
    assertInstanceOf(StreamEvent.Completed.class, seen.get(seen.size() - 1));
    server.enqueue(TestSupport.json(401, "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> TestSupport.openai(server).streamAsync(ChatRequest.of("x"), StreamListener.NONE).get(10, TimeUnit.SECONDS));
    assertEquals(Failure.AUTHENTICATION, ((ChatModelException) e.getCause()).failure());
  }
}
