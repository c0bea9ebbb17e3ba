package dev.crossfeed.gemini;

import mockwebserver3.MockResponse;

/** Gemini wire snippets for hand-written scenarios. */
final class Wire {
  private Wire() {}

  /** A stream chunk with one text part and no finish reason. */
  static String text(String t) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + t + "\"}]},\"index\":0}],"
        + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}";
  }

  /** A final chunk with a text part, finish reason and usage. */
  static String finish(String t, String reason) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + t + "\"}]},\"finishReason\":\""
        + reason + "\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,"
        + "\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}";
  }

  /** A Gemini error envelope. */
  static String error(int code, String status, String message) {
    return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
  }

  /** Events framed as Gemini frames them: {@code data: …\r\n\r\n}, no terminator. */
  static String sse(String... chunks) {
    StringBuilder b = new StringBuilder();
    for (String c : chunks) b.append("data: ").append(c).append("\r\n\r\n");
    return b.toString();
  }

  static MockResponse stream(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=UTF-8").body(body).build();
  }
}
