package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamAccumulator;
import dev.crossfeed.StreamEvent;
import java.util.Arrays;

/**
 * The content a committed stream handed to its caller, for the partial response of {@link Failure#STREAM_INTERRUPTED}
 * when the router itself ends the stream (its deadline) or a model's stream breaks without attaching one. It keeps
 * the events themselves, not a copy of their text (which an accumulator would allocate and hold a second time);
 * they are assembled only if the stream breaks. Not thread-safe.
 */
final class Delivered {
  private StreamEvent[] content = new StreamEvent[16];
  private int size;
  private StreamEvent usage;
  private boolean tracking = true;

  /**
   * Stops recording: the model's stream keeps what it delivered itself and attaches it to any failure after content
   * ({@code AbstractChatStream} does), so a second record would only hold the answer twice.
   */
  void untracked() {
    tracking = false;
    content = null;
    size = 0;
  }

  /** Notes one event the caller receives. */
  void accept(StreamEvent e) {
    if (!tracking) return;
    if (e instanceof StreamEvent.UsageUpdate) {
      usage = e; // only the last one counts
    } else if (e.isContent()) {
      if (size == content.length) content = Arrays.copyOf(content, size * 2);
      content[size++] = e;
    }
  }

  /**
   * The STREAM_INTERRUPTED a stream of {@code m} ends with after content reached the caller: {@code e} itself if the
   * model already made it one with its partial response, else {@code e} turned into one (its cause) with what the
   * caller received.
   */
  ChatModelException interrupted(ChatModelException e, Member m) {
    if (e.failure() == Failure.STREAM_INTERRUPTED && e.partialResponse().isPresent()) return e;
    ChatModelException.Builder b =
        e.failure() == Failure.STREAM_INTERRUPTED
            ? e.toBuilder()
            : e.toBuilder(Failure.STREAM_INTERRUPTED).detail("stream failed after content was delivered: " + e.getMessage()).cause(e);
    return b.partialResponse(e.partialResponse().orElseGet(() -> partial(m))).build();
  }

  private ChatResponse partial(Member m) {
    StreamAccumulator acc = new StreamAccumulator();
    for (int i = 0; i < size; i++) acc.accept(content[i]);
    if (usage != null) acc.accept(usage);
    return acc.toResponse(FinishReason.OTHER).provider(m.info.provider()).model(m.info.id()).build();
  }
}
