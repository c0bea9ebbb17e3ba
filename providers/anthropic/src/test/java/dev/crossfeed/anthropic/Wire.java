package dev.crossfeed.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Test helpers: Anthropic wire snippets, a model on a MockWebServer, and the three call paths. */
final class Wire {
  static final String KEY = "sk-ant-test-0123456789";

  private Wire() {}

  /** The three ways to call a model; every scenario runs through each where it applies. */
  enum Path {
    SYNC,
    ASYNC,
    STREAM
  }

  static AnthropicChatModel.Builder builder(MockWebServer server) {
    return AnthropicChatModel.builder()
        .apiKey(ApiKey.of(KEY))
        .model("claude-sonnet-4-5")
        .baseUrl(server.url("/").toString());
  }

  static AnthropicChatModel model(MockWebServer server) {
    return builder(server).build();
  }

  /** Runs the request through {@code path}; a stream is drained and its events collected into {@code events}. */
  static ChatResponse call(AnthropicChatModel model, ChatRequest request, Path path, List<StreamEvent> events) {
    switch (path) {
      case SYNC:
        return model.chat(request);
      case ASYNC:
        try {
          return model.chatAsync(request).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ChatModelException) throw (ChatModelException) e.getCause();
          throw new AssertionError("async failed with a non-ChatModelException", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
          throw new AssertionError("async call did not finish", e);
        }
      default:
        try (ChatStream s = model.stream(request)) {
          ChatResponse done = null;
          for (StreamEvent e : s) {
            events.add(e);
            if (e instanceof StreamEvent.Completed) done = ((StreamEvent.Completed) e).response();
          }
          return done;
        }
    }
  }

  static ChatResponse call(AnthropicChatModel model, ChatRequest request, Path path) {
    return call(model, request, path, new ArrayList<>());
  }

  static ChatModelException failure(AnthropicChatModel model, ChatRequest request, Path path) {
    return assertThrows(ChatModelException.class, () -> call(model, request, path));
  }

  /** A JSON response with the given status and body. */
  static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json").body(body).build();
  }

  /** A 200 SSE response; each argument is one event's data JSON, its {@code event:} line taken from its type. */
  static MockResponse sse(String... events) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("content-type", "text/event-stream; charset=utf-8")
        .body(sseBody(events))
        .build();
  }

  static String sseBody(String... events) {
    StringBuilder b = new StringBuilder();
    for (String e : events) b.append("event: ").append(tree(e).path("type").asText()).append("\ndata: ").append(e).append("\n\n");
    return b.toString();
  }

  /** A minimal non-streaming message answer. */
  static String message(String contentJson, String stopReason, String usageJson) {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"content\":" + contentJson + ",\"stop_reason\":" + (stopReason == null ? "null" : "\"" + stopReason + "\"")
        + ",\"stop_sequence\":null,\"usage\":" + usageJson + "}";
  }

  static String textMessage(String text) {
    return message("[{\"type\":\"text\",\"text\":\"" + text + "\"}]", "end_turn", "{\"input_tokens\":10,\"output_tokens\":5}");
  }

  static String messageStart(String usageJson) {
    return "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
        + "\"usage\":" + usageJson + "}}";
  }

  static String textStart(int index) {
    return "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
  }

  static String textDelta(int index, String text) {
    return "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\",\"text\":"
        + Json.valueToTree(text) + "}}";
  }

  static String blockStop(int index) {
    return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
  }

  static String messageDelta(String stopReason, String usageJson) {
    return "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},"
        + "\"usage\":" + usageJson + "}";
  }

  static final String PING = "{\"type\": \"ping\"}";
  static final String STOP = "{\"type\":\"message_stop\"}";

  static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
        + "\"request_id\":\"req_body_1\"}";
  }

  /** A full text stream: start, one text block in the given pieces, end_turn, stop. */
  static MockResponse textStream(String... pieces) {
    List<String> events = new ArrayList<>();
    events.add(messageStart("{\"input_tokens\":10,\"output_tokens\":1}"));
    events.add(textStart(0));
    events.add(PING);
    for (String p : pieces) events.add(textDelta(0, p));
    events.add(blockStop(0));
    events.add(messageDelta("end_turn", "{\"output_tokens\":5}"));
    events.add(STOP);
    return sse(events.toArray(new String[0]));
  }

  static JsonNode tree(String json) {
    try {
      return Json.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    return tree(request.getBody().utf8());
  }

  /** Compares JSON as trees, with a readable message. */
  static void assertJson(String expected, JsonNode actual) {
    assertEquals(tree(expected), actual, () -> "expected " + tree(expected).toPrettyString() + "\nbut was " + actual.toPrettyString());
  }
}
