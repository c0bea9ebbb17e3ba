package dev.crossfeed.ollama;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The three ways to call a model, so every scenario runs through each. */
enum CallPath {
  SYNC,
  ASYNC,
  STREAM;

  /** Runs the request; failures surface as the {@link ChatModelException} each path produces. */
  ChatResponse call(ChatModel model, ChatRequest request) {
    switch (this) {
      case SYNC:
        return model.chat(request);
      case ASYNC:
        try {
          return model.chatAsync(request).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
          if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
          throw new AssertionError(e);
        } catch (InterruptedException | TimeoutException e) {
          throw new AssertionError(e);
        }
      default:
        return collect(model, request).response;
    }
  }

  /** Whether the request body says {@code "stream": true}. */
  boolean streams() {
    return this == STREAM;
  }

  /** A stream read to the end, with every event. */
  static Streamed collect(ChatModel model, ChatRequest request) {
    Streamed s = new Streamed();
    try (ChatStream stream = model.stream(request)) {
      for (StreamEvent e : stream) {
        s.events.add(e);
        if (e instanceof StreamEvent.Completed) s.response = ((StreamEvent.Completed) e).response();
      }
    }
    return s;
  }

  /** What a stream delivered. */
  static final class Streamed {
    final List<StreamEvent> events = new ArrayList<>();
    ChatResponse response;
  }
}
