package dev.crossfeed.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles streamed {@code delta.tool_calls} fragments into calls. The wire {@code index} is a key, not an
 * offset (a recorded gateway starts at 1), mapped to positions 0, 1, 2… in order of first appearance. Without an
 * index (Mistral) the fragment's position in its array is the key, unless it visibly starts another call (a new
 * id, or a name where the call already has one). Known ids and names are never overwritten by empty ones. Not
 * thread-safe.
 */
final class ToolCallAssembler {
  private final Map<String, Call> byKey = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private int anonymous;

  private static final class Call {
    final int index;
    String id = "";
    String name = "";
    final StringBuilder args = new StringBuilder();
    boolean completed;

    Call(int index) {
      this.index = index;
    }
  }

  /** True if no fragment named a function yet: nameless calls are dropped, as in non-streamed answers. */
  boolean isEmpty() {
    for (Call c : calls) if (!c.name.isEmpty()) return false;
    return true;
  }

  /** Adds one fragment found at {@code position} of a chunk's {@code tool_calls}; returns its delta or null. */
  StreamEvent.ToolCallDelta accept(JsonNode fragment, int position) {
    JsonNode fn = fragment.get("function");
    String id = Wire.text(fragment, "id");
    String name = Wire.text(fn, "name");
    String args = Wire.arguments(fn);
    Call call = callFor(fragment, position, id, name);
    String newId = "";
    String newName = "";
    if (!id.isEmpty() && call.id.isEmpty()) {
      call.id = id;
      newId = id;
    }
    if (!name.isEmpty() && call.name.isEmpty()) {
      call.name = name;
      newName = name;
    }
    call.args.append(args);
    if (newId.isEmpty() && newName.isEmpty() && args.isEmpty()) return null;
    return new StreamEvent.ToolCallDelta(call.index, newId, newName, args);
  }

  private Call callFor(JsonNode fragment, int position, String id, String name) {
    JsonNode index = fragment.get("index");
    String key;
    if (index != null && index.canConvertToInt()) {
      key = "i" + index.asInt();
    } else {
      key = "p" + position;
      Call existing = byKey.get(key);
      boolean startsAnother =
          existing != null
              && ((!id.isEmpty() && !existing.id.isEmpty() && !id.equals(existing.id))
                  || (!name.isEmpty() && !existing.name.isEmpty()));
      if (startsAnother) {
        byKey.put("a" + anonymous++, existing);
        byKey.remove(key);
      }
    }
    Call call = byKey.get(key);
    if (call == null) {
      call = new Call(calls.size());
      byKey.put(key, call);
      calls.add(call);
    }
    return call;
  }

  /** Completion events for every call not yet completed, in order; synthesizes ids hosts left out. */
  List<StreamEvent.ToolCallComplete> completeAll() {
    List<StreamEvent.ToolCallComplete> out = new ArrayList<>();
    for (Call c : calls) {
      if (c.completed || c.name.isEmpty()) continue;
      c.completed = true;
      if (c.id.isEmpty()) c.id = Wire.syntheticCallId();
      out.add(new StreamEvent.ToolCallComplete(c.index, new ToolCall(c.id, c.name, c.args.toString())));
    }
    return out;
  }
}
