package dev.crossfeed.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.http.ErrorBodies;
import dev.crossfeed.http.ErrorInfo;
import dev.crossfeed.http.HttpChatStream;
import dev.crossfeed.http.Json;
import dev.crossfeed.http.OpenResponse;
import dev.crossfeed.http.SseEvent;
import dev.crossfeed.http.SseReader;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Parses a Chat Completions SSE stream incrementally: one {@code chat.completion.chunk} per event, until
 * {@code data: [DONE]}. Handles the hosts' variants: usage on the finish chunk or on a later one (OpenRouter),
 * Azure's filter-only chunks without {@code delta}, reasoning deltas, Mistral content arrays, tool calls whole or
 * in fragments, and errors as {@code data: {"error":…}} or Groq's {@code event: error}. Memory is bounded by the
 * answer itself, held once (in the base class's accumulator): one event is parsed at a time.
 */
final class ChunkStream extends HttpChatStream {
  private final SseReader sse;
  private final CallContext ctx;
  private final ArrayDeque<StreamEvent> ready = new ArrayDeque<>();
  private final ToolCallAssembler tools = new ToolCallAssembler();
  private final StringBuilder scratchText = new StringBuilder();
  private final StringBuilder scratchReasoning = new StringBuilder();
  private String answeredModel = "";
  private String bodyRequestId = "";
  private FinishReason finish;
  private boolean refused;
  private boolean filtered;
  private boolean done;
  /** [DONE] was read: the Completed goes out once the events queued before it were delivered. */
  private boolean completing;
  private boolean sawData;
  private boolean sawJunk;

  ChunkStream(CallContext ctx, OpenResponse open) {
    super(ctx.host.http, ctx.model, open);
    this.ctx = ctx;
    this.sse = new SseReader(source());
  }

  @Override
  protected StreamEvent nextEvent() throws IOException {
    while (ready.isEmpty()) {
      if (completing) {
        completing = false;
        return completed();
      }
      if (done) return null;
      SseEvent event = sse.next();
      if (event == null) {
        if (!sawData && sawJunk) {
          throw ctx.host.http.invalidResponse(model, "the stream is not server-sent events", null, open.meta());
        }
        return null; // cut before [DONE]: the base class reports it
      }
      handle(event);
    }
    return ready.poll();
  }

  private void emit(StreamEvent e) {
    ready.add(e);
  }

  private void handle(SseEvent event) {
    String data = event.data();
    if (data.isEmpty()) {
      String raw = event.unprefixed().strip();
      if (raw.startsWith("{") && !sawData) whole(parse(raw));
      else if (!raw.isEmpty()) sawJunk = true;
      return;
    }
    sawData = true;
    if (data.startsWith("[DONE]")) {
      end();
      return;
    }
    JsonNode chunk = parse(data);
    rejectIfError(chunk, event.event().equals("error"));
    if (!chunk.isObject()) throw ctx.host.http.invalidResponse(model, "stream event is not a JSON object", null, open.meta());
    String m = Wire.text(chunk, "model");
    if (!m.isEmpty()) answeredModel = m;
    if (bodyRequestId.isEmpty()) bodyRequestId = CallContext.bodyRequestId(chunk);
    JsonNode choices = chunk.get("choices");
    if (choices != null && choices.isArray() && !choices.isEmpty()) choice(ChatResponseReader.firstChoice(choices));
    Usage usage = Wire.usageOf(chunk);
    if (usage != null) emit(new StreamEvent.UsageUpdate(usage));
  }

  private JsonNode parse(String json) {
    try {
      JsonNode node = Json.readTree(json);
      if (node != null) return node;
    } catch (JsonProcessingException e) {
      throw ctx.host.http.invalidResponse(model, "malformed stream event (" + e.getOriginalMessage() + ")", e, open.meta());
    }
    throw ctx.host.http.invalidResponse(model, "empty stream event", null, open.meta());
  }

  /**
   * A plain JSON body where events were expected: an error (LM Studio answers 200 {@code {"error":…}}), or a whole
   * {@code chat.completion} from a host that ignored {@code stream: true}, replayed as events.
   */
  private void whole(JsonNode body) {
    rejectIfError(body, true);
    ChatResponse r = ChatResponseReader.read(body, open.meta(), ctx);
    if (!r.reasoning().isEmpty()) emit(new StreamEvent.ReasoningDelta(r.reasoning()));
    if (!r.text().isEmpty()) emit(new StreamEvent.TextDelta(r.text()));
    for (int i = 0; i < r.toolCalls().size(); i++) {
      ToolCall c = r.toolCalls().get(i);
      emit(new StreamEvent.ToolCallDelta(i, c.id(), c.name(), c.argumentsJson()));
      emit(new StreamEvent.ToolCallComplete(i, c));
    }
    if (!r.usage().equals(Usage.ZERO)) emit(new StreamEvent.UsageUpdate(r.usage()));
    emit(new StreamEvent.Completed(r));
    done = true;
  }

  /** Throws the classified failure when the event is an error: an {@code error} key, or Groq's error event. */
  private void rejectIfError(JsonNode node, boolean errorEvent) {
    JsonNode error = node.get("error");
    if ((error != null && !error.isNull()) || (errorEvent && !node.has("choices"))) {
      ErrorInfo info = ErrorBodies.parse(node);
      if (info.isEmpty()) info = ErrorInfo.message("error event in stream");
      throw exchange.error(0, info, open.meta(), model);
    }
  }

  private void choice(JsonNode choice) {
    JsonNode delta = choice.get("delta");
    if (delta != null && delta.isObject()) delta(delta);
    if (Wire.filteredByAzure(choice)) filtered = true;
    String reason = Wire.text(choice, "finish_reason");
    if (reason.isEmpty()) return;
    if (Wire.isErrorFinish(reason)) throw ctx.errorFinish(reason, open.meta());
    finish = Wire.finishReason(reason);
    for (StreamEvent.ToolCallComplete c : tools.completeAll()) emit(c);
  }

  private void delta(JsonNode delta) {
    scratchText.setLength(0);
    scratchReasoning.setLength(0);
    scratchReasoning.append(Wire.reasoning(delta));
    Wire.content(delta.get("content"), scratchText, scratchReasoning);
    if (scratchReasoning.length() > 0) emit(new StreamEvent.ReasoningDelta(scratchReasoning.toString()));
    if (scratchText.length() > 0) emit(new StreamEvent.TextDelta(scratchText.toString()));
    String refusal = Wire.text(delta, "refusal");
    if (!refusal.isEmpty()) {
      refused = true;
      emit(new StreamEvent.TextDelta(refusal));
    }
    JsonNode calls = delta.get("tool_calls");
    if (calls != null && calls.isArray()) {
      int position = 0;
      for (JsonNode fragment : calls) {
        StreamEvent.ToolCallDelta d = tools.accept(fragment, position++);
        if (d != null) emit(d);
      }
    }
  }

  private void end() {
    done = true;
    completing = true;
    for (StreamEvent.ToolCallComplete c : tools.completeAll()) emit(c);
  }

  /**
   * The final response, built from the base class's accumulator: called with nothing queued, so it holds every
   * event of the answer (the stream keeps no second copy).
   */
  private StreamEvent completed() {
    FinishReason f = finish;
    if (refused || filtered) f = FinishReason.CONTENT_FILTERED;
    if (f == null || (f == FinishReason.STOP && !tools.isEmpty())) f = tools.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    ChatResponse.Builder b = accumulator().toResponse(f);
    ChatResponse response = ctx.finish(b, accumulator().usage(), answeredModel, bodyRequestId, open.meta());
    return new StreamEvent.Completed(response);
  }
}
