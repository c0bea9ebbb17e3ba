package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The ways to call a router, so one scenario runs through each. */
enum Paths {
  CHAT,
  ASYNC,
  STREAM,
  STREAM_ASYNC;

  /** Text the caller saw stream by (STREAM, STREAM_ASYNC), for no-duplicate checks. */
  final ThreadLocal<StringBuilder> seen = ThreadLocal.withInitial(StringBuilder::new);

  ChatResponse call(Router router, ChatRequest request) {
    switch (this) {
      case CHAT:
        return router.chat(request);
      case ASYNC:
        return await(router.chatAsync(request));
      case STREAM:
        {
          StringBuilder text = new StringBuilder();
          try (ChatStream s = router.stream(request)) {
            ChatResponse done = null;
            for (StreamEvent e : s) {
              if (e instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) e).text());
              if (e instanceof StreamEvent.Completed) done = ((StreamEvent.Completed) e).response();
            }
            seen.set(text);
            return done;
          } finally {
            seen.set(text);
          }
        }
      default:
        {
          StringBuilder text = new StringBuilder();
          List<String> order = new ArrayList<>();
          CompletableFuture<ChatResponse> f =
              router.streamAsync(
                  request,
                  new StreamListener() {
                    @Override
                    public void onEvent(StreamEvent e) {
                      if (e instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) e).text());
                    }

                    @Override
                    public void onComplete(ChatResponse response) {
                      order.add("complete");
                    }

                    @Override
                    public void onError(ChatModelException error) {
                      order.add("error");
                    }
                  });
          try {
            return await(f);
          } finally {
            seen.set(text);
          }
        }
    }
  }

  static ChatResponse await(CompletableFuture<ChatResponse> f) {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("call did not end", e);
    }
  }
}
