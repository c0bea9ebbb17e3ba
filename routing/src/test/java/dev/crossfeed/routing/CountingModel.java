package dev.crossfeed.routing;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.spi.AbstractChatStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model whose streams answer {@code parts} text deltas ("0 ", "1 ", ...) and then complete, or fail with
 * {@code failAfter}'s failure after that many deltas. It counts the events the router pulled from it and records the
 * threads that opened and read its streams, to check how far a router reads ahead of its caller and on which thread.
 */
final class CountingModel implements ChatModel {
  private final ModelInfo info = ModelInfo.builder("counting", "counting-model").build();
  private final int parts;
  private final int failAfter;
  final AtomicInteger reads = new AtomicInteger();
  final Set<Thread> openedOn = ConcurrentHashMap.newKeySet();
  final Set<Thread> readOn = ConcurrentHashMap.newKeySet();
  /** The thread that read last, to see whether it is blocked. */
  volatile Thread lastReader;

  CountingModel(int parts) {
    this(parts, -1);
  }

  CountingModel(int parts, int failAfter) {
    this.parts = parts;
    this.failAfter = failAfter;
  }

  static String text(int parts) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts; i++) b.append(i).append(' ');
    return b.toString();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return stream(request).response();
  }

  @Override
  public ChatStream stream(ChatRequest request) {
    openedOn.add(Thread.currentThread());
    return new AbstractChatStream(info.provider(), info.id()) {
      private int next;

      @Override
      protected StreamEvent readNext() {
        reads.incrementAndGet();
        readOn.add(Thread.currentThread());
        lastReader = Thread.currentThread();
        int i = next++;
        if (i == failAfter) throw ChatModelException.builder(Failure.SERVER_ERROR).provider("counting").detail("broke").build();
        if (i < parts) return new StreamEvent.TextDelta(i + " ");
        if (i == parts) {
          return new StreamEvent.Completed(
              ChatResponse.builder().text(text(parts)).finishReason(FinishReason.STOP).provider(info.provider()).model(info.id()).build());
        }
        return null;
      }

      @Override
      protected void closeSource() {}
    };
  }

  @Override
  public ModelInfo info() {
    return info;
  }
}
