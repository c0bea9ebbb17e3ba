package dev.crossfeed.gemini;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the opaque {@code thoughtSignature} Gemini attached to each function call, by our call id, so the
 * call can be replayed with it when the conversation comes back (Gemini 3 models reject function-call turns
 * without it). Core's {@code ToolCall} has no room for it, and putting it into the id would break fallback to
 * providers that restrict id characters and length. Bounded (least recently used entries are dropped) and
 * thread-safe.
 */
final class ThoughtSignatures {
  /**
   * Google's documented placeholder for function calls whose signature is unknown (e.g. produced by another
   * model); sent only to Gemini 3 models, which require a signature.
   */
  static final String SKIP_VALIDATOR = "skip_thought_signature_validator";

  private final int capacity;
  private final Map<String, String> byCallId;

  ThoughtSignatures(int capacity) {
    this.capacity = capacity;
    this.byCallId = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > ThoughtSignatures.this.capacity;
      }
    };
  }

  synchronized void put(String callId, String signature) {
    if (callId != null && signature != null && !signature.isEmpty()) byCallId.put(callId, signature);
  }

  /** The signature for this call id, or null. */
  synchronized String get(String callId) {
    return byCallId.get(callId);
  }

  synchronized int size() {
    return byCallId.size();
  }
}
