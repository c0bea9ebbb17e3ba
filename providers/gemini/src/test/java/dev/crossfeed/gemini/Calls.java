package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** Runs a request through the sync, async or stream path, the same way in every test. */
enum Calls {
  SYNC,
  ASYNC,
  STREAM;

  static final String KEY = "AIza-SENTINEL-KEY-0042";
  static final OkHttpClient CLIENT = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(3)).build();

  /** The events of the last STREAM call on this thread. */
  static final ThreadLocal<List<StreamEvent>> EVENTS = ThreadLocal.withInitial(ArrayList::new);

  static GeminiChatModel.Builder model(MockWebServer server) {
    return GeminiChatModel.builder()
        .apiKey(ApiKey.of(KEY))
        .model("gemini-2.5-flash")
        .baseUrl(server.url("/v1beta").toString())
        .client(CLIENT)
        .timeout(Duration.ofSeconds(5));
  }

  ChatResponse run(ChatModel model, ChatRequest request) {
    switch (this) {
      case SYNC:
        return model.chat(request);
      case ASYNC:
        try {
          return model.chatAsync(request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw (ChatModelException) e.getCause();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      default:
        List<StreamEvent> events = EVENTS.get();
        events.clear();
        try (ChatStream s = model.stream(request)) {
          for (StreamEvent e : s) events.add(e);
          ChatResponse r = s.response();
          assertInstanceOf(StreamEvent.Completed.class, events.get(events.size() - 1));
          assertEquals(r, ((StreamEvent.Completed) events.get(events.size() - 1)).response());
          return r;
        }
    }
  }

  ChatModelException fail(ChatModel model, ChatRequest request) {
    ChatModelException e = assertThrows(ChatModelException.class, () -> run(model, request));
    assertTrue(!e.getMessage().contains(KEY), e.getMessage());
    return e;
  }
}
