package dev.crossfeed.testing.recorded;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Reads one-JSON-per-line chunk files (vercel/ai {@code *.chunks.txt}): each line is the {@code data:} payload of
 * one SSE event, without {@code event:} lines, terminator or trailing newline. {@link #sse} rebuilds the stream the
 * way each provider family sent it.
 *
 * <pre>{@code
 * server.enqueue(ChunkFile.response(ChunkFile.lines(RecordedFixtures.file("openai/openai-text.chunks.txt")),
 *     ChunkFile.Style.DATA_THEN_DONE));
 * }</pre>
 */
public final class ChunkFile {
  /** How a provider family frames its events (the fixtures' README, "one JSON per line"). */
  public enum Style {
    /** {@code data: <line>\n\n} per line, then {@code data: [DONE]\n\n}: OpenAI-style chat hosts. */
    DATA_THEN_DONE,
    /** {@code event: <the line's "type">\ndata: <line>\n\n}: Anthropic, OpenAI Responses. */
    TYPED_EVENTS,
    /** {@code data: <line>\r\n\r\n}, no terminator: Gemini. */
    DATA_CRLF
  }

  private ChunkFile() {}

  /**
   * The non-blank lines of a chunk file.
   *
   * @param file the chunk file
   * @return its non-blank lines, in order
   */
  public static List<String> lines(Path file) {
    List<String> out = new ArrayList<>();
    for (String line : RecordedFixtures.read(file).split("\n")) {
      if (!line.isBlank()) out.add(line.strip());
    }
    return out;
  }

  /**
   * The SSE body the lines came from, framed in {@code style}.
   *
   * @param lines the lines of a chunk file
   * @param style how the provider framed them
   * @return the body
   */
  public static String sse(List<String> lines, Style style) {
    StringBuilder s = new StringBuilder();
    for (String line : lines) {
      switch (style) {
        case TYPED_EVENTS:
          s.append("event: ").append(type(line)).append('\n').append("data: ").append(line).append("\n\n");
          break;
        case DATA_CRLF:
          s.append("data: ").append(line).append("\r\n\r\n");
          break;
        default:
          s.append("data: ").append(line).append("\n\n");
          break;
      }
    }
    if (style == Style.DATA_THEN_DONE) s.append("data: [DONE]\n\n");
    return s.toString();
  }

  /**
   * A 200 {@code text/event-stream} response with that body.
   *
   * @param lines the lines of a chunk file
   * @param style how the provider framed them
   * @return the response to enqueue
   */
  public static MockResponse response(List<String> lines, Style style) {
    return new MockResponse.Builder().code(200).addHeader("content-type", "text/event-stream").body(sse(lines, style)).build();
  }

  private static String type(String json) {
    try {
      return RecordedMessage.JSON.readTree(json).path("type").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("chunk line is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
