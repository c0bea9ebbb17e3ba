package dev.crossfeed.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeResponse;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LangChain4j {@link StreamingChatModel} view of a route, against fake OpenAI and Anthropic servers. */
@Timeout(30)
class CrossfeedStreamingChatModelTest {
  private final TwoProviders fakes = new TwoProviders();

  interface StreamingAssistant {
    TokenStream chat(String message);
  }

  /** Records what a handler was told; {@link #done} completes on the last callback. */
  static class Recorder implements StreamingChatResponseHandler {
    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<PartialToolCall> partialToolCalls = new CopyOnWriteArrayList<>();
    final List<CompleteToolCall> completeToolCalls = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
      partials.add(partial.text());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial) {
      partialToolCalls.add(partial);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall call) {
      completeToolCalls.add(call);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    Throwable error() {
      return assertInstanceOf(Throwable.class, done.handle((r, e) -> e).join());
    }
  }

  @AfterEach
  void close() {
    fakes.close();
  }

  @Test
  void aiServiceStreamsPartialsThenTheWholeAnswer() {
    fakes.openAi.enqueue(FakeResponse.textChunks("Hel", "lo", " world").usage(5, 3));
    StreamingAssistant assistant =
        AiServices.builder(StreamingAssistant.class).streamingChatModel(CrossfeedStreamingChatModel.of(fakes.router())).build();
    List<String> partials = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    assistant.chat("Hi").onPartialResponse(partials::add).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();

    ChatResponse r = done.join();
    assertEquals(List.of("Hel", "lo", " world"), partials);
    assertEquals("Hello world", r.aiMessage().text());
    assertEquals(5, r.tokenUsage().inputTokenCount());
    assertEquals(3, r.tokenUsage().outputTokenCount());
    assertEquals(FinishReason.STOP, r.finishReason());
    assertTrue(fakes.openAi.takeRequest().stream());
  }

  @Test
  void streamFailsOverOn503BeforeTheFirstToken() {
    fakes.openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    fakes.anthropic.enqueue(FakeResponse.textChunks("From ", "Claude."));
    Recorder recorder = new Recorder();

    CrossfeedStreamingChatModel.of(fakes.router()).chat("Hi", recorder);

    assertEquals("From Claude.", recorder.done.join().aiMessage().text());
    assertEquals(List.of("From ", "Claude."), recorder.partials);
    assertEquals(1, fakes.anthropic.requestCount());
  }

  @Test
  void streamInterruptedAfterContentIsNotReplayedAndCarriesThePartialAnswer() {
    fakes.openAi.enqueue(FakeResponse.textChunks("Hel", "lo").errorAfter(1, Failure.SERVER_ERROR));
    fakes.anthropic.enqueue(FakeResponse.text("never sent"));
    Recorder recorder = new Recorder();

    CrossfeedStreamingChatModel.of(fakes.router()).chat("Hi", recorder);

    LangChain4jException e = assertInstanceOf(LangChain4jException.class, recorder.error());
    ChatModelException cause = assertInstanceOf(ChatModelException.class, e.getCause());
    assertEquals(Failure.STREAM_INTERRUPTED, cause.failure());
    assertEquals("Hel", cause.partialResponse().orElseThrow().text());
    assertEquals(List.of("Hel"), recorder.partials);
    assertEquals(0, fakes.anthropic.requestCount(), "nothing is replayed on another model");
  }

  @Test
  void toolCallsStreamAsFragmentsThenComplete() {
    fakes.openAi.enqueue(FakeResponse.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"));
    Recorder recorder = new Recorder();

    CrossfeedStreamingChatModel.of(fakes.router())
        .chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Weather?"))
                .toolSpecifications(ToolSpecification.builder().name("weather").build())
                .build(),
            recorder);

    ChatResponse r = recorder.done.join();
    assertEquals(FinishReason.TOOL_EXECUTION, r.finishReason());
    assertNull(r.aiMessage().text());
    assertEquals("{\"city\":\"Paris\"}", r.aiMessage().toolExecutionRequests().get(0).arguments());
    assertFalse(recorder.partialToolCalls.isEmpty());
    StringBuilder args = new StringBuilder();
    for (PartialToolCall p : recorder.partialToolCalls) {
      assertEquals("call_1", p.id(), "every fragment names its call");
      assertEquals("weather", p.name());
      args.append(p.partialArguments());
    }
    assertEquals("{\"city\":\"Paris\"}", args.toString());
    assertEquals("call_1", recorder.completeToolCalls.get(0).toolExecutionRequest().id());
  }

  @Test
  void cancelFromTheStreamingHandleClosesTheProviderStream() throws Exception {
    fakes.openAi.enqueue(FakeResponse.textChunks("one", "two").stallAfter(1, Duration.ofSeconds(20)));
    StreamCloseRecorder gpt = new StreamCloseRecorder(fakes.gpt());
    Recorder recorder =
        new Recorder() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            super.onPartialResponse(partial, context);
            context.streamingHandle().cancel();
            assertTrue(context.streamingHandle().isCancelled());
          }
        };

    CrossfeedStreamingChatModel.of(fakes.router(gpt)).chat("Hi", recorder);

    gpt.closed.get(10, TimeUnit.SECONDS); // long before the fake's 20 s stall ends
    assertEquals(List.of("one"), recorder.partials);
    assertFalse(recorder.done.isDone(), "a cancelled handler hears nothing more");
  }

  @Test
  void aHandlerThatThrowsGetsItsExceptionInOnErrorAndTheStreamIsClosed() throws Exception {
    fakes.openAi.enqueue(FakeResponse.textChunks("one", "two").stallAfter(1, Duration.ofSeconds(20)));
    StreamCloseRecorder gpt = new StreamCloseRecorder(fakes.gpt());
    IllegalStateException boom = new IllegalStateException("handler bug");
    Recorder recorder =
        new Recorder() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            throw boom;
          }
        };

    CrossfeedStreamingChatModel.of(fakes.router(gpt)).chat("Hi", recorder);

    assertSame(boom, recorder.error());
    gpt.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRequestTheRouteCannotSendIsReportedToOnError() {
    Recorder recorder = new Recorder();

    CrossfeedStreamingChatModel.of(fakes.router())
        .chat(ChatRequest.builder().messages(UserMessage.from("Hi")).frequencyPenalty(0.5).build(), recorder);

    Throwable e = recorder.error();
    assertSame(UnsupportedFeatureException.class, e.getClass());
    assertTrue(e.getMessage().contains("frequencyPenalty"), e.getMessage());
    assertEquals(0, fakes.openAi.requestCount());
  }
}
