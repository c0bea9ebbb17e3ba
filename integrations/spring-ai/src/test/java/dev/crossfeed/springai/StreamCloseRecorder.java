package dev.crossfeed.springai;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/** A route member that records when its provider stream is closed (a hand-written recording fake around a real model). */
final class StreamCloseRecorder implements ChatModel {
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final ChatModel delegate;

  StreamCloseRecorder(ChatModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return delegate.chat(request);
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    ChatStream stream = delegate.stream(request);
    return new ChatStream() {
      @Override
      public Iterator<StreamEvent> iterator() {
        return stream.iterator();
      }

      @Override
      public ChatResponse response() {
        return stream.response();
      }

      @Override
      public void close() {
        stream.close();
        closed.complete(null);
      }
    };
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }
}
