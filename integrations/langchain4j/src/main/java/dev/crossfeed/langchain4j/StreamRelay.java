package dev.crossfeed.langchain4j;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Relays one Crossfeed stream to a LangChain4j handler, and is the {@link StreamingHandle} the handler gets with
 * every partial: {@link #cancel()} cancels the Crossfeed call (closing the provider's stream) and silences the
 * handler. Crossfeed calls a listener from one thread at a time, so the per-call state needs no lock; only the
 * cancel flag and the future are shared with the canceller.
 *
 * <p>A handler that throws from a partial callback cancels the stream and gets that exception in
 * {@code onError}, as LangChain4j's own streaming models do.
 */
final class StreamRelay implements StreamListener, StreamingHandle {
  private final StreamingChatResponseHandler handler;
  /** Tool-call id and name by index: Crossfeed sends them on a call's first fragment only, LangChain4j on each. */
  private final Map<Integer, String[]> toolCalls = new HashMap<>();
  private volatile boolean cancelled;
  private volatile boolean done;
  private volatile CompletableFuture<ChatResponse> future;

  StreamRelay(StreamingChatResponseHandler handler) {
    this.handler = handler;
  }

  void attach(CompletableFuture<ChatResponse> future) {
    this.future = future;
    if (cancelled) future.cancel(true);
  }

  @Override
  public void cancel() {
    cancelled = true;
    CompletableFuture<ChatResponse> f = future;
    if (f != null) f.cancel(true);
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void onEvent(StreamEvent event) {
    if (cancelled || done) return;
    try {
      deliver(event);
    } catch (RuntimeException e) {
      done = true;
      cancel();
      handler.onError(e);
    }
  }

  private void deliver(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta) {
      handler.onPartialResponse(
          new PartialResponse(((StreamEvent.TextDelta) event).text()), new PartialResponseContext(this));
    } else if (event instanceof StreamEvent.ReasoningDelta) {
      handler.onPartialThinking(
          new PartialThinking(((StreamEvent.ReasoningDelta) event).text()), new PartialThinkingContext(this));
    } else if (event instanceof StreamEvent.ToolCallDelta) {
      StreamEvent.ToolCallDelta d = (StreamEvent.ToolCallDelta) event;
      String[] idAndName = toolCalls.computeIfAbsent(d.index(), i -> new String[] {"", ""});
      if (!d.id().isEmpty()) idAndName[0] = d.id();
      if (!d.name().isEmpty()) idAndName[1] = d.name();
      if (d.argumentsDelta().isEmpty()) return; // LangChain4j's partials always carry arguments
      PartialToolCall partial =
          PartialToolCall.builder()
              .index(d.index())
              .id(idAndName[0])
              .name(idAndName[1])
              .partialArguments(d.argumentsDelta())
              .build();
      handler.onPartialToolCall(partial, new PartialToolCallContext(this));
    } else if (event instanceof StreamEvent.ToolCallComplete) {
      StreamEvent.ToolCallComplete c = (StreamEvent.ToolCallComplete) event;
      handler.onCompleteToolCall(new CompleteToolCall(c.index(), Responses.toolExecutionRequest(c.call())));
    }
    // UsageUpdate and Completed: the usage and the whole answer arrive with onComplete.
  }

  @Override
  public void onComplete(ChatResponse response) {
    if (cancelled || done) return;
    done = true;
    handler.onCompleteResponse(Responses.toLangChain4j(response));
  }

  @Override
  public void onError(ChatModelException error) {
    if (cancelled || done) return;
    done = true;
    handler.onError(Errors.toLangChain4j(error));
  }
}
