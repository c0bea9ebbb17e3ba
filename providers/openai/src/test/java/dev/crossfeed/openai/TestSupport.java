package dev.crossfeed.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared helpers for the provider tests: model builders against a MockWebServer, canned replies, call paths. */
final class TestSupport {
  /** A key whose appearance anywhere outside the Authorization header is a leak. */
  static final String SENTINEL = "sk-SENTINEL-9f8e7d6c5b4a";

  static final ApiKey KEY = ApiKey.of(SENTINEL);

  private TestSupport() {}

  static OpenAiChatModel.Builder chat(MockWebServer server, OpenAiHost host) {
    return OpenAiChatModel.builder(host).baseUrl(server.url("/v1").toString()).apiKey(KEY).model("gpt-4o-mini")
        .timeout(Duration.ofSeconds(10));
  }

  static OpenAiChatModel openai(MockWebServer server) {
    return chat(server, OpenAiHost.OPENAI).build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse.Builder jsonBuilder(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body);
  }

  /** An SSE body: each payload as a {@code data:} event, then {@code [DONE]}. */
  static String sseBody(String... payloads) {
    StringBuilder s = new StringBuilder();
    for (String p : payloads) s.append("data: ").append(p).append("\n\n");
    return s.append("data: [DONE]\n\n").toString();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
  }

  static String chunk(String deltaJson, String finishReason) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
  }

  static String completion(String messageJson, String finishReason, String usageJson) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"message\":" + messageJson + ",\"finish_reason\":\"" + finishReason + "\"}]"
        + (usageJson == null ? "" : ",\"usage\":" + usageJson) + "}";
  }

  static JsonNode tree(String json) {
    try {
      return Json.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordedRequest take(MockWebServer server) {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(r, "no request reached the server");
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode body(RecordedRequest r) {
    assertNotNull(r.getBody(), "request has no body");
    return tree(r.getBody().utf8());
  }

  /** The three ways to call a model; each returns the final response or throws the classified exception. */
  enum Path {
    SYNC {
      @Override
      ChatResponse call(ChatModel model, ChatRequest request) {
        return model.chat(request);
      }
    },
    ASYNC {
      @Override
      ChatResponse call(ChatModel model, ChatRequest request) {
        try {
          return model.chatAsync(request).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
          if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
          throw new AssertionError(e);
        } catch (InterruptedException | TimeoutException e) {
          throw new AssertionError("async call did not finish", e);
        }
      }
    },
    STREAM {
      @Override
      ChatResponse call(ChatModel model, ChatRequest request) {
        try (ChatStream stream = model.stream(request)) {
          ChatResponse last = null;
          for (StreamEvent e : stream) {
            if (e instanceof StreamEvent.Completed) last = ((StreamEvent.Completed) e).response();
          }
          assertNotNull(last, "stream ended without Completed");
          return last;
        }
      }
    };

    abstract ChatResponse call(ChatModel model, ChatRequest request);

    boolean streaming() {
      return this == STREAM;
    }
  }

  /** All events of a stream, in order. */
  static List<StreamEvent> events(ChatModel model, ChatRequest request) {
    List<StreamEvent> out = new ArrayList<>();
    try (ChatStream stream = model.stream(request)) {
      for (StreamEvent e : stream) out.add(e);
    }
    return out;
  }

  static ChatModelException fails(Path path, ChatModel model, ChatRequest request) {
    return assertThrows(ChatModelException.class, () -> path.call(model, request));
  }

  static void assertJson(String expected, JsonNode actual) {
    assertEquals(tree(expected), actual);
  }

  static void assertNoSentinel(String text) {
    assertTrue(text == null || !text.contains(SENTINEL), () -> "API key leaked into: " + text);
  }
}
