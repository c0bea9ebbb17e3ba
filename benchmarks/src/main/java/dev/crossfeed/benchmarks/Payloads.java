package dev.crossfeed.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * Canned OpenAI Chat Completions answers, shaped like real ones (field for field, with the rate-limit and request-id
 * headers OpenAI sends), pre-encoded once so the stub writes them without work.
 */
final class Payloads {
  static final String MODEL = "gpt-4o-mini";
  static final String ANSWER_TEXT = "Hello! How can I help you today?";

  private static final String HEADERS =
      "openai-organization: user-bench\r\n"
          + "openai-processing-ms: 312\r\n"
          + "openai-version: 2020-10-01\r\n"
          + "x-ratelimit-limit-requests: 10000\r\n"
          + "x-ratelimit-limit-tokens: 200000\r\n"
          + "x-ratelimit-remaining-requests: 9999\r\n"
          + "x-ratelimit-remaining-tokens: 199990\r\n"
          + "x-ratelimit-reset-requests: 8.64s\r\n"
          + "x-ratelimit-reset-tokens: 3ms\r\n"
          + "x-request-id: req_0123456789abcdef0123456789abcdef\r\n";

  private static final String CHUNK_HEAD =
      "data: {\"id\":\"chatcmpl-BenchStream01\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\","
          + "\"choices\":[{\"index\":0,\"delta\":";
  private static final String CHUNK_TAIL = ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";

  private Payloads() {}

  /** A non-streamed {@code chat.completion} with 200 OK. */
  static byte[] chatCompletion() {
    String body =
        "{\"id\":\"chatcmpl-BenchAbc123\",\"object\":\"chat.completion\",\"created\":1741570283,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"" + ANSWER_TEXT + "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9,\"total_tokens\":18,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
            + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}";
    return response("200 OK", "application/json", HEADERS, body.getBytes(StandardCharsets.UTF_8));
  }

  /** OpenAI's overload answer: 503 with an error body and no retry hint. */
  static byte[] overloaded() {
    String body =
        "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\",\"type\":\"server_error\","
            + "\"param\":null,\"code\":null}}";
    return response("503 Service Unavailable", "application/json", "x-request-id: req_overloaded\r\n", body.getBytes(StandardCharsets.UTF_8));
  }

  /** A whole SSE answer of {@code chunks} content chunks of {@code text} each, as one pre-encoded response. */
  static byte[] stream(int chunks, String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      streamResponder(chunks, text).respond(out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes an SSE answer of {@code chunks} content chunks of {@code text} each (a role chunk first, then the content,
   * a finish chunk, a usage chunk and {@code [DONE]}), from pre-encoded pieces, without building it whole: a 10 MB
   * answer costs the stub no memory.
   */
  static StubServer.Responder streamResponder(int chunks, String text) {
    byte[] first = ascii(CHUNK_HEAD + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}" + CHUNK_TAIL);
    byte[] content = ascii(CHUNK_HEAD + "{\"content\":\"" + text + "\"}" + CHUNK_TAIL);
    byte[] finish = ascii(CHUNK_HEAD + "{}" + CHUNK_TAIL.replace("\"finish_reason\":null", "\"finish_reason\":\"stop\""));
    byte[] usage =
        ascii(
            "data: {\"id\":\"chatcmpl-BenchStream01\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
                + chunks + ",\"total_tokens\":" + (chunks + 9) + "}}\n\ndata: [DONE]\n\n");
    long length = first.length + (long) content.length * chunks + finish.length + usage.length;
    byte[] head =
        ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n" + HEADERS + "Content-Length: " + length + "\r\n\r\n");
    // group content chunks into ~32 KB writes
    int perWrite = Math.max(1, (32 * 1024) / content.length);
    byte[] group = new byte[content.length * perWrite];
    for (int i = 0; i < perWrite; i++) System.arraycopy(content, 0, group, i * content.length, content.length);
    return out -> {
      out.write(head);
      out.write(first);
      int left = chunks;
      while (left >= perWrite) {
        out.write(group);
        left -= perWrite;
      }
      if (left > 0) out.write(group, 0, left * content.length);
      out.write(finish);
      out.write(usage);
    };
  }

  /**
   * The answer of {@link #stream} framed the way real providers send it: {@code Transfer-Encoding: chunked}, one HTTP
   * chunk per SSE event, then the last chunk. A client that cancels a finished stream instead of draining it cannot
   * reuse such a connection, which a {@code Content-Length} body hides (it is fully read when [DONE] is).
   */
  static byte[] chunkedStream(int chunks, String text) {
    String head = CHUNK_HEAD;
    java.util.List<String> events = new java.util.ArrayList<>();
    events.add(head + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}" + CHUNK_TAIL);
    for (int i = 0; i < chunks; i++) events.add(head + "{\"content\":\"" + text + "\"}" + CHUNK_TAIL);
    events.add(head + "{}" + CHUNK_TAIL.replace("\"finish_reason\":null", "\"finish_reason\":\"stop\""));
    events.add("data: {\"id\":\"chatcmpl-BenchStream01\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
        + chunks + ",\"total_tokens\":" + (chunks + 9) + "}}\n\n");
    events.add("data: [DONE]\n\n");
    StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n" + HEADERS
        + "Transfer-Encoding: chunked\r\n\r\n");
    for (String e : events) b.append(Integer.toHexString(e.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(e).append("\r\n");
    b.append("0\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code n} characters of plain ASCII answer text. */
  static String text(int n) {
    StringBuilder b = new StringBuilder(n);
    String words = "the quick brown fox jumps over the lazy dog ";
    while (b.length() < n) b.append(words, 0, Math.min(words.length(), n - b.length()));
    return b.toString();
  }

  private static byte[] response(String status, String contentType, String headers, byte[] body) {
    byte[] head =
        ascii("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\n" + headers + "Content-Length: " + body.length + "\r\n\r\n");
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
