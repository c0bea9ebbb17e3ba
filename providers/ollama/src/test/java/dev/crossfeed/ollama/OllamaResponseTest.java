package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every answer shape of {@code /api/chat}, whole and streamed. */
@Timeout(30)
class OllamaResponseTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private static final String TOOL_ANSWER =
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-07-07T20:32:53.844124Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
          + "\"tool_calls\":[{\"id\":\"call_k3v9x0qa\",\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}},"
          + "{\"function\":{\"index\":1,\"name\":\"get_time\",\"arguments\":{}}}]},"
          + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":3244883583,\"load_duration\":2969184542,"
          + "\"prompt_eval_count\":169,\"prompt_eval_duration\":141656333,\"eval_count\":18,\"eval_duration\":133293625}";

  @Test
  void wholeAnswerWithTextThinkingAndUsage() {
    server.enqueue(
        Wire.json(
            200,
            "{\"model\":\"qwen3:8b\",\"created_at\":\"2025-07-07T20:32:53.844124Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Paris.\",\"thinking\":\"The user asks for a capital.\",\"images\":null},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":40}"));
    ChatResponse r = Wire.model(server).build().chat(ChatRequest.builder().user("Capital of France?").model("qwen3").build());
    assertEquals("Paris.", r.text());
    assertEquals("The user asks for a capital.", r.reasoning());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.of(12, 40), r.usage());
    assertEquals("qwen3:8b", r.model());
    assertEquals("ollama", r.provider());
    assertTrue(r.requestId().isEmpty());
    assertTrue(r.toolCalls().isEmpty());
    assertEquals(0.0, r.cost().orElseThrow().totalUsd(), "a loopback model costs nothing");
  }

  @Test
  void toolCallsWithAndWithoutServerIds() {
    server.enqueue(Wire.json(200, TOOL_ANSWER));
    ChatResponse r = Wire.model(server).build().chat("Weather and time in Tokyo?");
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason(), "Ollama says stop; calls mean TOOL_CALLS");
    assertEquals(2, r.toolCalls().size());
    assertEquals(new ToolCall("call_k3v9x0qa", "get_weather", "{\"city\":\"Tokyo\"}"), r.toolCalls().get(0));
    ToolCall synthesized = r.toolCalls().get(1);
    assertEquals("get_time", synthesized.name());
    assertEquals("{}", synthesized.argumentsJson());
    assertTrue(synthesized.id().matches("call_[a-z0-9]{8}"), synthesized.id());
    assertEquals(Usage.of(169, 18), r.usage());
  }

  @ParameterizedTest
  @CsvSource({"stop,STOP", "length,LENGTH", "load,OTHER", "unload,OTHER", "something_new,OTHER"})
  void doneReasonsMapToFinishReasons(String doneReason, FinishReason expected) {
    server.enqueue(
        Wire.json(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"done\":true,\"done_reason\":\"" + doneReason + "\"}"));
    assertEquals(expected, Wire.model(server).build().chat("Hi").finishReason());
    server.enqueue(Wire.ndjson(Wire.chunk("x"), Wire.DONE.replace("\"stop\"", "\"" + doneReason + "\"")));
    assertEquals(expected, CallPath.collect(Wire.model(server).build(), ChatRequest.of("Hi")).response.finishReason());
  }

  @Test
  void oldServerWithoutDoneReasonOrCountsIsAStopWithZeroUsage() {
    server.enqueue(Wire.json(200, "{\"model\":\"llama2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true}"));
    ChatResponse r = Wire.model(server).build().chat("Hi");
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals(Usage.ZERO, r.usage());
  }

  @Test
  void costUsesModelInfoPricesAndRemoteServersHaveNone() {
    server.enqueue(Wire.json(200, TOOL_ANSWER));
    OllamaChatModel priced =
        Wire.model(server).modelInfo(ModelInfo.builder("ollama", "llama3.2").prices(1.0, 2.0).build()).build();
    assertEquals(169 * 1.0 / 1e6 + 18 * 2.0 / 1e6, priced.chat("x").cost().orElseThrow().totalUsd(), 1e-12);
    OllamaChatModel cloud = OllamaChatModel.builder().model("gpt-oss:120b").baseUrl("https://ollama.com").build();
    assertTrue(cloud.info().inputPricePerMTok().isEmpty());
    assertEquals("ollama", cloud.info().provider());
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void textAnswerThroughEveryPath(CallPath path) {
    if (path.streams()) server.enqueue(Wire.ndjson(Wire.chunk("The"), Wire.chunk(" sky"), Wire.chunk(" is blue."), Wire.DONE));
    else server.enqueue(Wire.json(200, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"The sky is blue.\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":15}"));
    ChatResponse r = path.call(Wire.model(server).build(), ChatRequest.of("Why is the sky blue?"));
    assertEquals("The sky is blue.", r.text());
    assertEquals(Usage.of(26, 15), r.usage());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertEquals("llama3.2", r.model());
  }

  @Test
  void streamEmitsDeltasInOrderThenUsageThenOneCompleted() {
    server.enqueue(
        Wire.ndjson(
            "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Let me\"},\"done\":false}",
            "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\" think.\"},\"done\":false}",
            "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":false}",
            "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":9}"));
    CallPath.Streamed s = CallPath.collect(Wire.model(server).build(), ChatRequest.of("Hi"));
    assertEquals(
        List.of(
            new StreamEvent.ReasoningDelta("Let me"),
            new StreamEvent.ReasoningDelta(" think."),
            new StreamEvent.TextDelta("Hello"),
            new StreamEvent.UsageUpdate(Usage.of(5, 9))),
        s.events.subList(0, 4));
    assertEquals(5, s.events.size());
    assertInstanceOf(StreamEvent.Completed.class, s.events.get(4));
    assertEquals("Let me think.", s.response.reasoning());
    assertEquals("Hello", s.response.text());
    assertEquals("qwen3:8b", s.response.model());
  }

  @Test
  void contentAndCallsOnTheDoneLineAreInTheFinalResponse() {
    server.enqueue(
        Wire.ndjson(
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Checking\"},\"done\":false}",
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" now\",\"thinking\":\"hm\",\"tool_calls\":[{\"function\":{\"name\":\"get_time\",\"arguments\":{}}}]},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":3}"));
    CallPath.Streamed s = CallPath.collect(Wire.model(server).build(), ChatRequest.of("Time?"));
    assertEquals("Checking now", s.response.text());
    assertEquals("hm", s.response.reasoning());
    assertEquals(Usage.of(7, 3), s.response.usage());
    assertEquals(FinishReason.TOOL_CALLS, s.response.finishReason());
    StreamEvent.ToolCallComplete call = (StreamEvent.ToolCallComplete) s.events.get(s.events.size() - 3);
    assertEquals(List.of(call.call()), s.response.toolCalls());
  }

  @Test
  void streamedToolCallsOnSeparateAndSharedLinesAreIndexedInOrder() {
    server.enqueue(
        Wire.ndjson(
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_7fkq2m1z\",\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}}]},\"done\":false}",
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}},{\"function\":{\"name\":\"get_time\",\"arguments\":{\"tz\":\"CET\",\"n\":[1,2]}}}]},\"done\":false}",
            "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":169,\"eval_count\":15}"));
    CallPath.Streamed s = CallPath.collect(Wire.model(server).build(), ChatRequest.of("Weather?"));
    List<StreamEvent.ToolCallComplete> completes =
        s.events.stream().filter(e -> e instanceof StreamEvent.ToolCallComplete).map(e -> (StreamEvent.ToolCallComplete) e).collect(Collectors.toList());
    assertEquals(List.of(0, 1, 2), completes.stream().map(StreamEvent.ToolCallComplete::index).collect(Collectors.toList()));
    StreamEvent.ToolCallDelta firstDelta = (StreamEvent.ToolCallDelta) s.events.get(0);
    assertEquals(new StreamEvent.ToolCallDelta(0, "call_7fkq2m1z", "get_weather", "{\"city\":\"Tokyo\"}"), firstDelta);
    assertEquals(FinishReason.TOOL_CALLS, s.response.finishReason());
    assertEquals(3, s.response.toolCalls().size());
    assertEquals("{\"tz\":\"CET\",\"n\":[1,2]}", s.response.toolCalls().get(2).argumentsJson());
    assertEquals(completes.get(1).call(), s.response.toolCalls().get(1), "the synthesised id is the same in the event and the response");
    assertTrue(s.response.toolCalls().get(1).id().matches("call_[a-z0-9]{8}"));
  }
}
