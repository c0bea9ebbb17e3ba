package dev.crossfeed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.RateLimits;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ScriptedChatModelTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ChatRequest HI = ChatRequest.of("hi");

  @Test
  void outcomesArePlayedInCallOrderWhicheverPathIsUsed() throws Exception {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(Outcome.text("one"), Outcome.text("two"), Outcome.text("three four"), Outcome.textStream("fi", "ve"))
            .build();

    assertEquals("one", model.chat(HI).text());
    assertEquals("two", model.chatAsync(HI).get().text());
    try (ChatStream s = model.stream(HI)) {
      assertEquals("three four", s.response().text());
    }
    List<StreamEvent> seen = new ArrayList<>();
    ChatResponse five = model.streamAsync(HI, listener(seen)).get();
    assertEquals("five", five.text());
    assertEquals(List.of(new StreamEvent.TextDelta("fi"), new StreamEvent.TextDelta("ve")), seen.subList(0, 2));
    assertEquals(4, model.callCount());
    assertEquals(0, model.remaining());
    assertEquals(0, model.inFlight());
  }

  @Test
  void answersCarryUsageCostRequestIdAndModel() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .provider("openai")
            .model("gpt-4o-mini")
            .prices(1.0, 2.0)
            .then(Outcome.text("Paris").withUsage(Usage.of(1_000_000, 500_000)), Outcome.text("estimated"))
            .build();

    ChatResponse exact = model.chat(HI);
    assertEquals("openai", exact.provider());
    assertEquals("gpt-4o-mini", exact.model());
    assertEquals(Optional.of("scripted-1"), exact.requestId());
    assertEquals(Usage.of(1_000_000, 500_000), exact.usage());
    assertEquals(2.0, exact.cost().orElseThrow().totalUsd(), 1e-9);

    ChatResponse estimated = model.chat(HI.newBuilder().model("gpt-4o").build());
    assertEquals("gpt-4o", estimated.model());
    assertTrue(estimated.usage().inputTokens() > 0 && estimated.usage().outputTokens() > 0, estimated.usage().toString());
    assertTrue(estimated.cost().isPresent());
  }

  @Test
  void streamedAnswerSplitsTextAndToolCallsIntoDeltasThatAssemble() {
    ToolCall call = new ToolCall("call_1", "weather", "{\"city\":\"Paris\",\"unit\":\"C\"}");
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(Outcome.text("The quick brown fox"), Outcome.toolCalls(call).withReasoning("think"))
            .build();

    List<StreamEvent> events = drain(model.stream(HI));
    long deltas = events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count();
    assertEquals(4, deltas);
    assertInstanceOf(StreamEvent.UsageUpdate.class, events.get(events.size() - 2));
    assertEquals("The quick brown fox", ((StreamEvent.Completed) events.get(events.size() - 1)).response().text());

    List<StreamEvent> toolEvents = drain(model.stream(HI));
    assertEquals(new StreamEvent.ReasoningDelta("think"), toolEvents.get(0));
    StringBuilder args = new StringBuilder();
    for (StreamEvent e : toolEvents) {
      if (e instanceof StreamEvent.ToolCallDelta) args.append(((StreamEvent.ToolCallDelta) e).argumentsDelta());
    }
    assertEquals(call.argumentsJson(), args.toString());
    ChatResponse done = ((StreamEvent.Completed) toolEvents.get(toolEvents.size() - 1)).response();
    assertEquals(List.of(call), done.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, done.finishReason());
  }

  @Test
  void scriptedEventsAreCompletedAndAssembledForChat() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(
                Outcome.stream(
                    new StreamEvent.TextDelta("a"),
                    new StreamEvent.ToolCallDelta(0, "c1", "f", "{\"x\":"),
                    new StreamEvent.ToolCallDelta(0, "", "", "1}"),
                    new StreamEvent.UsageUpdate(Usage.of(3, 4))))
            .build();

    ChatResponse r = model.chat(HI);
    assertEquals("a", r.text());
    assertEquals(List.of(new ToolCall("c1", "f", "{\"x\":1}")), r.toolCalls());
    assertEquals(Usage.of(3, 4), r.usage());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
  }

  @Test
  void failureCarriesItsDataOnEveryPathAsAFreshCopy() throws Exception {
    RateLimits limits =
        new RateLimits(
            OptionalLong.of(100), OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty(),
            Optional.of(Duration.ofSeconds(2)), Optional.empty(), Map.of("x-ratelimit-remaining-requests", "0"));
    ChatModelException scripted =
        ChatModelException.builder(Failure.RATE_LIMITED)
            .status(429)
            .retryAfter(Duration.ofMillis(250))
            .requestId("req_9")
            .rateLimits(limits)
            .build();
    ScriptedChatModel model = ScriptedChatModel.builder().provider("p").model("m").defaultOutcome(Outcome.fail(scripted)).build();

    ChatModelException sync = assertThrows(ChatModelException.class, () -> model.chat(HI));
    assertNotSame(scripted, sync);
    assertEquals(Failure.RATE_LIMITED, sync.failure());
    assertEquals(429, sync.status().getAsInt());
    assertEquals(Optional.of(Duration.ofMillis(250)), sync.retryAfter());
    assertEquals(Optional.of("req_9"), sync.requestId());
    assertEquals(limits, sync.rateLimits());
    assertEquals("p", sync.provider());
    assertEquals("m", sync.model());

    CompletionException async = assertThrows(CompletionException.class, () -> model.chatAsync(HI).join());
    assertEquals(Failure.RATE_LIMITED, ((ChatModelException) async.getCause()).failure());
    ChatModelException stream = assertThrows(ChatModelException.class, () -> model.stream(HI));
    assertEquals(Failure.RATE_LIMITED, stream.failure());
    List<ChatModelException> errors = new ArrayList<>();
    StreamListener onError = new StreamListener() {
      @Override
      public void onError(ChatModelException error) {
        errors.add(error);
      }
    };
    assertThrows(Exception.class, () -> model.streamAsync(HI, onError).get());
    assertEquals(Failure.RATE_LIMITED, errors.get(0).failure());
    assertEquals(0, model.inFlight());
  }

  @Test
  void failWithFailureUsesTypicalStatusAndRateLimitedHasHint() {
    ScriptedChatModel model =
        ScriptedChatModel.builder().then(Outcome.fail(Failure.OVERLOADED), Outcome.rateLimited(Duration.ofSeconds(1))).build();
    assertEquals(503, assertThrows(ChatModelException.class, () -> model.chat(HI)).status().getAsInt());
    ChatModelException limited = assertThrows(ChatModelException.class, () -> model.chat(HI));
    assertEquals(429, limited.status().getAsInt());
    assertEquals(Optional.of(Duration.ofSeconds(1)), limited.retryAfter());
  }

  @Test
  void errorAfterStreamedContentIsStreamInterruptedWithPartialText() {
    Outcome midStream = Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(midStream, Outcome.streamThenFail(Failure.OVERLOADED), midStream)
            .build();

    List<StreamEvent> seen = new ArrayList<>();
    ChatStream stream = model.stream(HI);
    ChatModelException e = assertThrows(ChatModelException.class, () -> stream.forEach(seen::add));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("Hello", e.partialResponse().orElseThrow().text());
    assertEquals(2, seen.size());

    ChatModelException beforeContent = assertThrows(ChatModelException.class, () -> drain(model.stream(HI)));
    assertEquals(Failure.OVERLOADED, beforeContent.failure());

    ChatModelException viaChat = assertThrows(ChatModelException.class, () -> model.chat(HI));
    assertEquals(Failure.SERVER_ERROR, viaChat.failure());
    assertEquals(0, model.inFlight());
    assertEquals(0, model.cancellations());
  }

  @Test
  void cancellingAsyncHangReleasesTheCallAndCountsIt() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.hang()).build();

    CompletableFuture<ChatResponse> f = model.chatAsync(HI);
    assertTrue(model.awaitInFlight(1, WAIT));
    assertFalse(f.isDone());
    assertTrue(f.cancel(true));

    assertTrue(model.awaitIdle(WAIT));
    assertEquals(1, model.cancellations());
    assertTrue(f.isCancelled());
  }

  @Test
  void closingHangingStreamFromAnotherThreadCancelsIt() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.hang()).build();
    ChatStream stream = model.stream(HI);
    CompletableFuture<ChatModelException> reader =
        CompletableFuture.supplyAsync(() -> assertThrows(ChatModelException.class, () -> drain(stream)));
    assertTrue(model.awaitInFlight(1, WAIT));
    stream.close();

    assertEquals(Failure.CANCELLED, reader.get().failure());
    assertTrue(model.awaitIdle(WAIT));
    assertEquals(1, model.cancellations());
  }

  @Test
  void cancellingStreamAsyncOnHangCountsOneCancellation() throws Exception {
    Gate gate = new Gate();
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.hangUntil(gate, Outcome.text("never"))).build();
    CompletableFuture<ChatResponse> f = model.streamAsync(HI, StreamListener.NONE);
    assertTrue(gate.awaitWaiting(1, WAIT));
    f.cancel(true);
    assertTrue(model.awaitIdle(WAIT));
    assertEquals(1, model.cancellations());
    assertEquals(0, gate.waiting());
  }

  @Test
  void interruptingSyncChatInHangCancelsIt() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.hang()).build();
    CompletableFuture<ChatModelException> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        model.chat(HI);
      } catch (ChatModelException e) {
        result.complete(e);
      }
    });
    t.start();
    assertTrue(model.awaitInFlight(1, WAIT));
    t.interrupt();
    assertEquals(Failure.CANCELLED, result.get().failure());
    assertEquals(1, model.cancellations());
  }

  @Test
  void gateHoldsCallsUntilTheTestOpensIt() throws Exception {
    Gate gate = new Gate();
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(Outcome.hangUntil(gate, Outcome.text("late")), Outcome.hangUntil(gate, Outcome.textStream("la", "ter")))
            .build();
    CompletableFuture<ChatResponse> first = model.chatAsync(HI);
    CompletableFuture<ChatResponse> second = model.streamAsync(HI, StreamListener.NONE);

    assertTrue(gate.awaitWaiting(2, WAIT));
    assertEquals(2, model.inFlight());
    assertFalse(first.isDone() || second.isDone());
    gate.open();

    assertEquals("late", first.get().text());
    assertEquals("later", second.get().text());
    assertEquals(0, model.cancellations());
    assertEquals(2, model.maxInFlight());
  }

  @Test
  void hangIsBoundedBySafetyCap() {
    ScriptedChatModel model = ScriptedChatModel.builder().maxHang(Duration.ofMillis(20)).then(Outcome.hang()).build();
    assertEquals(Failure.TIMEOUT, assertThrows(ChatModelException.class, () -> model.chat(HI)).failure());
  }

  @Test
  void responderDecidesOnceScriptIsUsedUp() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .then(Outcome.text("scripted"))
            .responder(r -> r.messages().size() > 1 ? Outcome.fail(Failure.CONTEXT_LENGTH_EXCEEDED) : Outcome.text("short"))
            .build();
    assertEquals("scripted", model.chat(HI).text());
    assertEquals("short", model.chat(HI).text());
    ChatRequest longer = ChatRequest.builder().system("s").user("u").build();
    assertEquals(Failure.CONTEXT_LENGTH_EXCEEDED, assertThrows(ChatModelException.class, () -> model.chat(longer)).failure());
    assertEquals(longer, model.lastRequest());
    assertEquals(3, model.requests().size());
  }

  @Test
  void usedUpScriptFailsLoudly() {
    ScriptedChatModel model = ScriptedChatModel.builder().then(Outcome.text("only")).build();
    model.chat(HI);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.chat(HI));
    assertTrue(e.getMessage().contains("call #2"), e.getMessage());
    model.enqueue(Outcome.text("more"));
    assertEquals("more", model.chat(HI).text());
  }

  @Test
  void concurrentCallsEachGetOneOutcome() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.builder().build();
    for (int i = 0; i < 50; i++) model.enqueue(Outcome.text("r" + i));
    List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) futures.add(model.chatAsync(HI));
    java.util.Set<String> texts = new java.util.HashSet<>();
    for (CompletableFuture<ChatResponse> f : futures) texts.add(f.get().text());
    assertEquals(50, texts.size());
    assertEquals(50, model.callCount());
    assertTrue(model.awaitIdle(WAIT));
  }

  private static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> out = new ArrayList<>();
    try (stream) {
      for (StreamEvent e : stream) out.add(e);
    }
    return out;
  }

  private static StreamListener listener(List<StreamEvent> sink) {
    return new StreamListener() {
      @Override
      public void onEvent(StreamEvent event) {
        sink.add(event);
      }
    };
  }
}
