package dev.crossfeed.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.Usage;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Span trees and GenAI metrics of routed calls, through real routers over scripted models and the real SDK. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoutedCallTracingTest {
  private final Otel otel = new Otel();
  private final CrossfeedTelemetry telemetry = CrossfeedTelemetry.create(otel.sdk);
  private final VirtualScheduler clock = new VirtualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  @AfterEach
  void close() {
    otel.close();
  }

  private static ScriptedChatModel.Builder model(String provider, String id) {
    return ScriptedChatModel.builder().provider(provider).model(id).prices(0.15, 0.60);
  }

  private Router.Builder router() {
    return Router.builder().name("support").scheduler(clock).listener(telemetry.listener());
  }

  private static <T> T attr(SpanData s, AttributeKey<T> key) {
    return s.getAttributes().get(key);
  }

  @Test
  void anAnsweredCallIsARouteSpanWithOneClientSpanUnderTheCurrentSpan() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.text("Paris").withUsage(new Usage(100, 20, 40, 5))).build();
    Router r = router().model("gpt", gpt).build();

    Span app = otel.sdk.getTracer("app").spanBuilder("app").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      assertEquals("Paris", r.chat(hi).text());
    } finally {
      app.end();
    }

    SpanTree tree = otel.tree(3);
    assertEquals("app INTERNAL\n  route support INTERNAL\n    chat gpt-4o-mini CLIENT\n", tree.render());
    SpanData attempt = tree.attempt(1);
    assertEquals("chat", attr(attempt, GenAi.OPERATION_NAME));
    assertEquals("openai", attr(attempt, GenAi.PROVIDER_NAME));
    assertEquals("gpt-4o-mini", attr(attempt, GenAi.REQUEST_MODEL));
    assertEquals("gpt-4o-mini", attr(attempt, GenAi.RESPONSE_MODEL));
    assertEquals("scripted-1", attr(attempt, GenAi.RESPONSE_ID));
    assertEquals(List.of("stop"), attr(attempt, GenAi.RESPONSE_FINISH_REASONS));
    assertEquals(100L, attr(attempt, GenAi.USAGE_INPUT_TOKENS));
    assertEquals(20L, attr(attempt, GenAi.USAGE_OUTPUT_TOKENS));
    assertEquals(40L, attr(attempt, GenAi.USAGE_CACHE_READ_INPUT_TOKENS));
    assertEquals(5L, attr(attempt, GenAi.USAGE_REASONING_OUTPUT_TOKENS));
    assertEquals("gpt", attr(attempt, Crossfeed.MODEL));
    assertNull(attr(attempt, Crossfeed.OUTCOME), "set for failed and cancelled attempts only");
    assertNull(attr(attempt, GenAi.REQUEST_STREAM), "set only for streams");
    assertEquals(StatusCode.UNSET, attempt.getStatus().getStatusCode());
    assertNull(attr(attempt, GenAi.ERROR_TYPE));

    SpanData call = tree.span("route support");
    assertTrue(call.getStartEpochNanos() <= attempt.getStartEpochNanos(), "the attempt starts within its call");
    assertTrue(attempt.getStartEpochNanos() <= attempt.getEndEpochNanos());
    assertTrue(attempt.getEndEpochNanos() <= call.getEndEpochNanos(), "the attempt ends within its call");
    assertTrue(app.isRecording() || call.getEndEpochNanos() <= tree.span("app").getEndEpochNanos() + 1_000_000);
    assertEquals("support", attr(call, Crossfeed.ROUTE));
    assertEquals(1L, attr(call, Crossfeed.ATTEMPTS));
    assertEquals("gpt", attr(call, Crossfeed.MODEL));
    assertNotNull(attr(call, Crossfeed.CALL_ID));
    // (60 uncached + 40 cached, no cached price: all at the input price) * 0.15 + 20 * 0.60, per million
    assertEquals((100 * 0.15 + 20 * 0.60) / 1e6, attr(call, Crossfeed.COST_USD), 1e-12);
    assertNull(attr(call, GenAi.OPERATION_NAME), "the route span is not a GenAI operation: usage is counted once");

    assertEquals(
        List.of(
            "gen_ai.token.type=input,gen_ai.provider.name=openai,gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini -> 1/100",
            "gen_ai.token.type=output,gen_ai.provider.name=openai,gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini -> 1/20"),
        otel.histogram(GenAi.METRIC_TOKEN_USAGE, "gen_ai.token.type", "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model"));
    assertEquals(
        List.of("gen_ai.operation.name=chat,gen_ai.request.model=gpt-4o-mini -> 1/0"),
        otel.histogram(GenAi.METRIC_OPERATION_DURATION, "gen_ai.operation.name", "gen_ai.request.model", "error.type"));
    assertEquals("{token}", otel.metric(GenAi.METRIC_TOKEN_USAGE).getUnit());
    assertEquals("s", otel.metric(GenAi.METRIC_OPERATION_DURATION).getUnit());
    assertEquals(GenAi.SCHEMA_URL, attempt.getInstrumentationScopeInfo().getSchemaUrl());
    assertEquals(0, telemetry.liveCalls());
  }

  @Test
  void aFallbackShowsTheFailedAttemptWithItsErrorTypeAndTheReasonOnTheNext() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.SERVER_ERROR)).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").then(Outcome.text("hello")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).maxAttempts(1).build();

    assertEquals("hello", r.chat(hi).text());

    SpanTree tree = otel.tree(3);
    assertEquals(
        "route support INTERNAL\n"
            + "  chat gpt-4o-mini CLIENT ERROR SERVER_ERROR\n"
            + "  chat claude-haiku-4-5 CLIENT\n",
        tree.render());
    SpanData failed = tree.attempt(1);
    assertEquals(500L, attr(failed, Crossfeed.HTTP_STATUS));
    assertNull(attr(failed, GenAi.USAGE_INPUT_TOKENS), "no usage on the attempt that did not answer");
    SpanData answered = tree.attempt(2);
    assertEquals("SERVER_ERROR", attr(answered, Crossfeed.FALLBACK_REASON));
    assertEquals("anthropic", attr(answered, GenAi.PROVIDER_NAME));
    assertEquals("claude", attr(tree.span("route support"), Crossfeed.MODEL));
    assertEquals(2L, attr(tree.span("route support"), Crossfeed.ATTEMPTS));

    EventData fallback = only(tree.span("route support"), Crossfeed.EVENT_FALLBACK);
    assertEquals(
        Attributes.of(Crossfeed.FALLBACK_FROM, "gpt", Crossfeed.FALLBACK_TO, "claude", Crossfeed.REASON, "SERVER_ERROR"),
        fallback.getAttributes());
    assertEquals(
        List.of(
            "gen_ai.provider.name=anthropic,gen_ai.request.model=claude-haiku-4-5 -> 1/0",
            "gen_ai.provider.name=openai,gen_ai.request.model=gpt-4o-mini,error.type=SERVER_ERROR -> 1/0"),
        otel.histogram(GenAi.METRIC_OPERATION_DURATION, "gen_ai.provider.name", "gen_ai.request.model", "error.type"));
  }

  @Test
  void aRetryAfterWaitIsAnEventAndMarksTheAttemptAfterIt() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.rateLimited(Duration.ofSeconds(2)), Outcome.text("ok")).build();
    Router r = router().model("gpt", gpt).maxAttempts(2).build();

    r.chat(hi);

    SpanTree tree = otel.tree(3);
    assertEquals(
        "route support INTERNAL\n  chat gpt-4o-mini CLIENT ERROR RATE_LIMITED\n  chat gpt-4o-mini CLIENT\n", tree.render());
    assertEquals(2.0, attr(tree.attempt(2), Crossfeed.RETRY_WAIT), 1e-9);
    assertNull(attr(tree.attempt(1), Crossfeed.RETRY_WAIT));
    EventData retry = only(tree.span("route support"), Crossfeed.EVENT_RETRY);
    assertEquals("RATE_LIMITED", retry.getAttributes().get(Crossfeed.REASON));
    assertEquals(2.0, retry.getAttributes().get(Crossfeed.RETRY_WAIT), 1e-9);
    assertEquals(true, retry.getAttributes().get(Crossfeed.RETRY_AFTER));
  }

  @Test
  void aHedgeIsASecondConcurrentClientSpanAndTheCancelledLoserIsNoError() throws Exception {
    ScriptedChatModel slow = model("openai", "gpt-4o-mini").then(Outcome.hang()).build();
    ScriptedChatModel fast = model("anthropic", "claude-haiku-4-5").then(Outcome.text("fast")).build();
    Router r = router().model("gpt", slow).model("claude", fast).hedgeAfter(Duration.ofSeconds(1)).build();

    Span app = otel.sdk.getTracer("app").spanBuilder("app").startSpan();
    CompletableFuture<ChatResponse> call;
    try (Scope ignored = app.makeCurrent()) {
      call = r.chatAsync(hi);
    }
    slow.awaitInFlight(1, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(1));
    assertEquals("fast", call.get(10, TimeUnit.SECONDS).text());
    app.end();

    SpanTree tree = otel.tree(4);
    assertEquals(
        "app INTERNAL\n  route support INTERNAL\n    chat gpt-4o-mini CLIENT\n    chat claude-haiku-4-5 CLIENT\n",
        tree.render());
    assertEquals(true, attr(tree.attempt(2), Crossfeed.HEDGE));
    assertNull(attr(tree.attempt(1), Crossfeed.HEDGE));
    assertEquals(StatusCode.UNSET, tree.attempt(1).getStatus().getStatusCode(), "the loser was cancelled, not failed");
    assertEquals("claude", attr(tree.span("route support"), Crossfeed.MODEL));
    assertEquals(
        Attributes.of(Crossfeed.HEDGE_RUNNING, "gpt", Crossfeed.MODEL, "claude"),
        only(tree.span("route support"), Crossfeed.EVENT_HEDGE).getAttributes());
    assertEquals(0, telemetry.liveCalls());
  }

  @Test
  void aStreamCutAfterContentEndsBothSpansAsStreamInterruptedWithTheFirstChunk() throws Exception {
    ScriptedChatModel gpt =
        model("openai", "gpt-4o-mini").then(Outcome.streamThenFail(Failure.SERVER_ERROR, new StreamEvent.TextDelta("Hel"))).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").defaultOutcome(Outcome.text("never")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).build();

    ChatModelException e =
        assertThrows(
            ChatModelException.class,
            () -> {
              try (ChatStream s = r.stream(hi)) {
                for (StreamEvent ignored : s) {
                  // read to the end
                }
              }
            });
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals(0, claude.callCount(), "nothing is replayed after content reached the caller");

    SpanTree tree = otel.tree(2);
    assertEquals(
        "route support INTERNAL ERROR STREAM_INTERRUPTED\n  chat gpt-4o-mini CLIENT ERROR STREAM_INTERRUPTED\n", tree.render());
    SpanData attempt = tree.attempt(1);
    assertEquals(true, attr(attempt, GenAi.REQUEST_STREAM));
    assertNotNull(attr(attempt, GenAi.RESPONSE_TIME_TO_FIRST_CHUNK));
    assertEquals(1, attempt.getEvents().stream().filter(ev -> ev.getName().equals(Crossfeed.EVENT_FIRST_CHUNK)).count());
    assertEquals(
        List.of("gen_ai.request.model=gpt-4o-mini -> 1/0"),
        otel.histogram(GenAi.METRIC_TIME_TO_FIRST_CHUNK, "gen_ai.request.model"));
    assertEquals(0, telemetry.liveCalls());
  }

  @Test
  void aStreamThatFailsBeforeContentFallsOverAndTheAnswerCarriesTimeToFirstChunk() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.OVERLOADED)).build();
    ScriptedChatModel claude = model("anthropic", "claude-haiku-4-5").then(Outcome.textStream("Hel", "lo")).build();
    Router r = router().model("gpt", gpt).model("claude", claude).maxAttempts(1).build();

    StringBuilder text = new StringBuilder();
    try (ChatStream s = r.stream(hi)) {
      for (StreamEvent ev : s) if (ev instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) ev).text());
    }
    assertEquals("Hello", text.toString());

    SpanTree tree = otel.tree(3);
    assertEquals(
        "route support INTERNAL\n  chat gpt-4o-mini CLIENT ERROR OVERLOADED\n  chat claude-haiku-4-5 CLIENT\n", tree.render());
    assertNull(attr(tree.attempt(1), GenAi.RESPONSE_TIME_TO_FIRST_CHUNK), "no chunk came");
    assertNotNull(attr(tree.attempt(2), GenAi.RESPONSE_TIME_TO_FIRST_CHUNK));
    assertEquals(List.of("stop"), attr(tree.attempt(2), GenAi.RESPONSE_FINISH_REASONS));
    assertEquals("OVERLOADED", attr(tree.attempt(2), Crossfeed.FALLBACK_REASON));
  }

  @Test
  void aFailedCallEndsTheRouteSpanWithTheCallersFailure() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").then(Outcome.fail(Failure.INVALID_REQUEST)).build();
    Router r = router().model("gpt", gpt).build();

    assertThrows(ChatModelException.class, () -> r.chat(hi));

    SpanTree tree = otel.tree(2);
    assertEquals("route support INTERNAL ERROR INVALID_REQUEST\n  chat gpt-4o-mini CLIENT ERROR INVALID_REQUEST\n", tree.render());
    assertEquals(List.of(), otel.histogram(GenAi.METRIC_TOKEN_USAGE, "gen_ai.token.type"), "no usage without an answer");
    assertEquals(0, telemetry.liveCalls());
  }

  @Test
  void messageContentIsRecordedOnlyWhenOptedIn() throws Exception {
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").defaultOutcome(Outcome.text("It is \"rainy\".")).build();
    Router plain = router().model("gpt", gpt).build();
    plain.chat(hi);
    SpanData attempt = otel.tree(2).attempt(1);
    assertNull(attr(attempt, GenAi.OUTPUT_MESSAGES));
    assertNull(attr(attempt, GenAi.INPUT_MESSAGES));

    otel.spans.reset();
    CrossfeedTelemetry capturing = CrossfeedTelemetry.builder(otel.sdk).captureMessageContent(true).build();
    Router r = Router.builder().name("support").scheduler(clock).model("gpt", gpt).listener(capturing.listener()).build();
    r.chat(hi);
    assertEquals(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It is \\\"rainy\\\".\"}],\"finish_reason\":\"stop\"}]",
        attr(otel.tree(2).attempt(1), GenAi.OUTPUT_MESSAGES));
  }

  @Test
  void chosenMetadataBecomesTheConversationIdAndCallAttributesAndNothingElseDoes() throws Exception {
    CrossfeedTelemetry labelled =
        CrossfeedTelemetry.builder(otel.sdk).conversationIdFromMetadata("conversation").metadataAttributes("tenant").build();
    ScriptedChatModel gpt = model("openai", "gpt-4o-mini").defaultOutcome(Outcome.text("ok")).build();
    Router r = Router.builder().name("support").scheduler(clock).model("gpt", gpt).listener(labelled.listener()).build();

    r.chat(ChatRequest.builder().user("hi").metadata("conversation", "c-42").metadata("tenant", "acme").metadata("email", "a@b.c").build());

    SpanTree tree = otel.tree(2);
    SpanData call = tree.span("route support");
    assertEquals("c-42", attr(call, GenAi.CONVERSATION_ID));
    assertEquals("c-42", attr(tree.attempt(1), GenAi.CONVERSATION_ID));
    assertEquals("acme", attr(call, AttributeKey.stringKey("crossfeed.metadata.tenant")));
    assertNull(attr(call, AttributeKey.stringKey("crossfeed.metadata.email")), "only the keys asked for");
    assertThrows(IllegalArgumentException.class, () -> CrossfeedTelemetry.builder(otel.sdk).metadataAttributes(" "));
  }

  @Test
  void listenerEventsFromAnotherTelemetryOrRouterDoNotMix() throws Exception {
    ScriptedChatModel a = model("openai", "gpt-4o-mini").defaultOutcome(Outcome.text("a")).build();
    ScriptedChatModel b = model("gemini", "gemini-2.5-flash").defaultOutcome(Outcome.text("b")).build();
    Router one = router().name("one").model("gpt", a).build();
    Router two = router().name("two").model("gemini", b).build();

    one.chat(hi);
    two.chat(hi);

    SpanTree tree = otel.tree(4);
    assertEquals(
        "route one INTERNAL\n  chat gpt-4o-mini CLIENT\nroute two INTERNAL\n  generate_content gemini-2.5-flash CLIENT\n",
        tree.render());
    assertEquals("gcp.gemini", attr(tree.span("generate_content gemini-2.5-flash"), GenAi.PROVIDER_NAME));
    assertTrue(
        !tree.span("route one").getTraceId().equals(tree.span("route two").getTraceId()), "separate calls, separate traces");
  }

  private static EventData only(SpanData span, String name) {
    List<EventData> found = span.getEvents().stream().filter(e -> e.getName().equals(name)).collect(java.util.stream.Collectors.toList());
    assertEquals(1, found.size(), "events " + span.getEvents());
    return found.get(0);
  }
}
