package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.chunk;
import static dev.crossfeed.openai.TestSupport.completion;
import static dev.crossfeed.openai.TestSupport.json;
import static dev.crossfeed.openai.TestSupport.jsonBuilder;
import static dev.crossfeed.openai.TestSupport.sse;
import static dev.crossfeed.openai.TestSupport.sseBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.openai.TestSupport.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every answer shape, as a JSON body (sync, async) and as its SSE twin (stream). */
@Timeout(30)
class ResponseShapesTest {
  @StartStop MockWebServer server = new MockWebServer();

  private ChatResponse answer(Path path, ChatModel model, String body, String... chunks) {
    server.enqueue(path.streaming() ? sse(sseBody(chunks)) : json(200, body));
    return path.call(model, ChatRequest.of("hi"));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void textWithUsageRequestIdRateLimitsAndCost(Path path) {
    String usage = "{\"prompt_tokens\":1000,\"completion_tokens\":200,\"total_tokens\":1200,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":400},\"completion_tokens_details\":{\"reasoning_tokens\":50}}";
    MockResponse.Builder reply =
        path.streaming()
            ? new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(sseBody(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hel\"}", null),
                    chunk("{\"content\":\"lo!\"}", null), chunk("{}", "stop"),
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":" + usage + "}"))
            : jsonBuilder(200, completion("{\"role\":\"assistant\",\"content\":\"Hello!\",\"refusal\":null}", "stop", usage));
    server.enqueue(reply.setHeader("x-request-id", "req_abc").setHeader("x-ratelimit-remaining-requests", "99")
        .setHeader("x-ratelimit-reset-tokens", "6m0s").build());
    ChatModel model = chat(server, OpenAiHost.OPENAI).modelInfo(ModelInfo.builder("openai", "gpt-4o-mini").prices(1.0, 2.0).cachedInputPricePerMTok(0.5).build()).build();
    ChatResponse r = path.call(model, ChatRequest.of("hi"));
    assertEquals("Hello!", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(new Usage(1000, 200, 400, 50), r.usage());
    assertEquals("openai", r.provider());
    assertEquals("gpt-4o-mini-2024-07-18", r.model());
    assertEquals("req_abc", r.requestId().orElseThrow());
    assertEquals(99, r.rateLimits().remainingRequests().getAsLong());
    assertEquals(360, r.rateLimits().resetTokens().orElseThrow().getSeconds());
    assertEquals((600 * 1.0 + 400 * 0.5) / 1e6, r.cost().orElseThrow().inputUsd(), 1e-12);
    assertEquals(200 * 2.0 / 1e6, r.cost().orElseThrow().outputUsd(), 1e-12);
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void toolCallsParallelAndFragmented(Path path) {
    ChatResponse r =
        answer(
            path,
            TestSupport.openai(server),
            completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
                + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", "tool_calls", null),
            chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}", null),
            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Oslo\\\"}\"}}]}", null),
            chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", null),
            chunk("{}", "tool_calls"));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(2, r.toolCalls().size());
    assertEquals(new ToolCall("call_a", "get_weather", "{\"city\":\"Oslo\"}"), r.toolCalls().get(0));
    assertEquals(new ToolCall("call_b", "get_time", "{}"), r.toolCalls().get(1));
    assertEquals("", r.text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void toolCallsWithoutIdOrTypeGetNineCharacterIds(Path path) {
    ChatResponse r =
        answer(
            path,
            chat(server, OpenAiHost.MISTRAL).build(),
            completion("{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"a\",\"arguments\":\"{}\"}},"
                + "{\"function\":{\"name\":\"b\",\"arguments\":{\"x\":1}}}]}", "tool_calls", null),
            chunk("{\"content\":null,\"tool_calls\":[{\"function\":{\"name\":\"a\",\"arguments\":\"{}\"}}]}", null),
            chunk("{\"content\":null,\"tool_calls\":[{\"function\":{\"name\":\"b\",\"arguments\":{\"x\":1}}}]}", "tool_calls"));
    assertEquals(2, r.toolCalls().size());
    assertEquals("a", r.toolCalls().get(0).name());
    assertEquals("b", r.toolCalls().get(1).name());
    assertEquals("{\"x\":1}", r.toolCalls().get(1).argumentsJson());
    for (ToolCall c : r.toolCalls()) assertTrue(c.id().matches("[A-Za-z0-9]{9}"), c.id());
    assertFalse(r.toolCalls().get(0).id().equals(r.toolCalls().get(1).id()));
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void reasoningContentAndReasoningFields(Path path) {
    ChatResponse deepseek =
        answer(path, chat(server, OpenAiHost.DEEPSEEK).build(),
            completion("{\"role\":\"assistant\",\"content\":\"4\",\"reasoning_content\":\"2+2\"}", "stop", null),
            chunk("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"2+\"}", null),
            chunk("{\"content\":null,\"reasoning_content\":\"2\"}", null),
            chunk("{\"content\":\"4\",\"reasoning_content\":null}", "stop"));
    assertEquals("2+2", deepseek.reasoning());
    assertEquals("4", deepseek.text());
    ChatResponse groq =
        answer(path, chat(server, OpenAiHost.GROQ).build(),
            completion("{\"role\":\"assistant\",\"content\":\"3\",\"reasoning\":\"count\"}", "stop", null),
            chunk("{\"reasoning\":\"count\",\"channel\":\"analysis\"}", null), chunk("{\"content\":\"3\"}", "stop"));
    assertEquals("count", groq.reasoning());
    assertEquals("3", groq.text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void mistralContentArraysSplitThinkingFromText(Path path) {
    ChatResponse r =
        answer(path, chat(server, OpenAiHost.MISTRAL).build(),
            completion("{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Hmm.\"}]},{\"type\":\"text\",\"text\":\"4\"}]}", "stop", null),
            chunk("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Hm\"}]}]}", null),
            chunk("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"m.\"}]}]}", null),
            chunk("{\"content\":\"4\"}", "stop"));
    assertEquals("Hmm.", r.reasoning());
    assertEquals("4", r.text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void refusalIsReturnedAsContentFiltered(Path path) {
    ChatResponse r =
        answer(path, TestSupport.openai(server),
            completion("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}", "stop", null),
            chunk("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null),
            chunk("{\"refusal\":\"I can't help with that.\"}", null), chunk("{}", "stop"));
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("I can't help with that.", r.text());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void azureFilteredAnnotationMeansContentFiltered(Path path) {
    server.enqueue(json(200, "{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\","
        + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":true,\"severity\":\"medium\"}},"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Partial\"}}]}"));
    ChatResponse r = path.call(chat(server, OpenAiHost.AZURE).baseUrl(server.url("/").toString()).build(), ChatRequest.of("x"));
    assertEquals(FinishReason.CONTENT_FILTERED, r.finishReason());
    assertEquals("Partial", r.text());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void finishReasonsMapToOneEnum(Path path) {
    String[][] cases = {
      {"length", "LENGTH"}, {"content_filter", "CONTENT_FILTERED"}, {"model_length", "CONTEXT_LENGTH_EXCEEDED"},
      {"function_call", "TOOL_CALLS"}, {"something_new", "OTHER"}, {"stop", "STOP"}
    };
    for (String[] c : cases) {
      ChatResponse r = answer(path, TestSupport.openai(server),
          completion("{\"role\":\"assistant\",\"content\":\"partial\"}", c[0], null),
          chunk("{\"content\":\"partial\"}", null), chunk("{}", c[0]));
      assertEquals(FinishReason.valueOf(c[1]), r.finishReason(), c[0]);
      assertEquals("partial", r.text(), "content kept with " + c[0]);
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void errorFinishReasonsAreFailures(Path path) {
    server.enqueue(path.streaming() ? sse(sseBody(chunk("{}", "insufficient_system_resource")))
        : json(200, completion("{\"role\":\"assistant\",\"content\":\"\"}", "insufficient_system_resource", null)));
    assertEquals(Failure.OVERLOADED, TestSupport.fails(path, chat(server, OpenAiHost.DEEPSEEK).build(), ChatRequest.of("x")).failure());
    server.enqueue(path.streaming() ? sse(sseBody(chunk("{}", "error")))
        : json(200, completion("{\"role\":\"assistant\",\"content\":\"\"}", "error", null)));
    assertEquals(Failure.SERVER_ERROR, TestSupport.fails(path, chat(server, OpenAiHost.OPENROUTER).build(), ChatRequest.of("x")).failure());
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void deepSeekCacheHitTokensCountAsCached(Path path) {
    String usage = "{\"prompt_tokens\":339,\"completion_tokens\":92,\"prompt_cache_hit_tokens\":320,\"prompt_cache_miss_tokens\":19}";
    ChatResponse r = answer(path, chat(server, OpenAiHost.DEEPSEEK).build(),
        completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", usage),
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}");
    assertEquals(new Usage(339, 92, 320, 0), r.usage());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void leadingKeepAliveBlankLinesAreSkipped(Path path) {
    server.enqueue(json(200, "\n\n\n" + completion("{\"role\":\"assistant\",\"content\":\"ok\"}", "stop", null)));
    assertEquals("ok", path.call(chat(server, OpenAiHost.DEEPSEEK).build(), ChatRequest.of("x")).text());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void errorObjectOnA200IsAFailure(Path path) {
    server.enqueue(json(200, "{\"error\":\"Unexpected endpoint or method. (POST /chat/completions)\"}"));
    ChatModelException e = TestSupport.fails(path, chat(server, OpenAiHost.LM_STUDIO).build(), ChatRequest.of("x"));
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertTrue(e.providerMessage().contains("Unexpected endpoint"));
    server.enqueue(json(200, "{\"error\":{\"code\":502,\"message\":\"Upstream down\"}}"));
    assertEquals(Failure.SERVER_ERROR, TestSupport.fails(path, chat(server, OpenAiHost.OPENROUTER).build(), ChatRequest.of("x")).failure());
    server.enqueue(json(200, "{\"error\":{\"code\":429,\"message\":\"Provider returned error\"}}"));
    assertEquals(Failure.RATE_LIMITED, TestSupport.fails(path, chat(server, OpenAiHost.OPENROUTER).build(), ChatRequest.of("x")).failure());
    server.enqueue(json(200, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}"));
    assertEquals(Failure.QUOTA_EXHAUSTED, TestSupport.fails(path, chat(server, OpenAiHost.OPENROUTER).build(), ChatRequest.of("x")).failure());
  }

  @ParameterizedTest
  @EnumSource(value = Path.class, names = {"SYNC", "ASYNC"})
  void bodiesWithoutChoicesAreInvalidResponses(Path path) {
    for (String body : new String[] {"{}", "{\"choices\":[]}", "{\"choices\":[{\"index\":0}]}", "[1,2]", "null"}) {
      server.enqueue(json(200, body));
      ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), body);
      assertEquals(200, e.status().getAsInt());
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void groqRequestIdFromXGroqWhenNoHeader(Path path) {
    String xgroq = ",\"x_groq\":{\"id\":\"req_01abc\"}";
    String body = completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", null);
    ChatResponse r = answer(path, chat(server, OpenAiHost.GROQ).build(), body.substring(0, body.length() - 1) + xgroq + "}",
        "{\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]" + xgroq + "}",
        chunk("{}", "stop"));
    assertEquals("req_01abc", r.requestId().orElseThrow());
  }
}
