package dev.crossfeed.testing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.spi.AbstractChatStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link ScriptedChatModel} stream. Extends {@link AbstractChatStream}, so a scripted error after content
 * becomes STREAM_INTERRUPTED with the partial response, exactly as in a provider.
 */
final class ScriptedStream extends AbstractChatStream {
  private final ScriptedCall call;
  private Outcome outcome;
  private Deque<StreamEvent> pending;
  private ChatModelException failAtEnd;
  private volatile boolean ended;
  private volatile boolean parking;

  ScriptedStream(ScriptedCall call) {
    super(call.info.provider(), call.modelId());
    this.call = call;
    this.outcome = call.outcome;
  }

  @Override
  protected StreamEvent readNext() {
    if (pending == null) load();
    StreamEvent e = pending.poll();
    if (e != null) {
      if (e instanceof StreamEvent.Completed) end();
      return e;
    }
    end();
    if (failAtEnd != null) throw failAtEnd;
    return null;
  }

  private void load() {
    try {
      while (outcome.kind == Outcome.Kind.HANG) {
        parking = true;
        try {
          call.park(outcome.gate);
        } finally {
          parking = false;
        }
        if (call.isCancelled()) throw call.error(dev.crossfeed.Failure.CANCELLED, "stream closed while hanging");
        outcome = outcome.then;
      }
    } catch (ChatModelException e) {
      end();
      throw e;
    }
    switch (outcome.kind) {
      case RESPOND:
        pending = new ArrayDeque<>(ScriptedAnswers.eventsOf(ScriptedAnswers.complete(call, outcome.response, outcome.explicitUsage)));
        break;
      case STREAM:
        pending = new ArrayDeque<>(ScriptedAnswers.completeStream(call, outcome.events));
        break;
      case STREAM_THEN_FAIL:
        pending = new ArrayDeque<>(outcome.events);
        failAtEnd = call.copy(outcome.error);
        break;
      default: // FAIL after a gate opened
        pending = new ArrayDeque<>();
        failAtEnd = call.copy(outcome.error);
    }
  }

  private void end() {
    ended = true;
    call.finish();
  }

  @Override
  protected void closeSource() {
    // Called on completion, on failure and on close(); only a close before the end is a cancellation. A reader
    // parked in a hang finishes the call itself once it has woken up, so in-flight counts stay truthful.
    if (!ended) call.cancel();
    if (!parking) call.finish();
  }
}
