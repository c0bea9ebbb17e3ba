package dev.crossfeed.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamingFailoverExampleTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private Router router() {
    return StreamingFailoverExample.router(ApiKey.of("sk-openai-test"), openAi.baseUrl(), ApiKey.of("sk-ant-test"), anthropic.baseUrl());
  }

  @Test
  void aStreamThatFailsBeforeItsFirstTokenFailsOverUnnoticed() {
    openAi.enqueue(FakeResponse.text("never shown").errorAfter(0, Failure.OVERLOADED));
    anthropic.enqueue(FakeResponse.textChunks("Spare ", "tank, ", "full."));
    StringBuilder seen = new StringBuilder();

    ChatResponse r = StreamingFailoverExample.stream(router(), "haiku", seen::append);

    assertEquals("Spare tank, full.", seen.toString());
    assertEquals("Spare tank, full.", r.text());
    assertEquals("claude", r.routeTrace().last().orElseThrow().model());
  }

  @Test
  void aStreamCutAfterItsFirstTokenIsNotReplayed() {
    openAi.enqueue(FakeResponse.textChunks("One ", "tank ", "runs ", "dry").cutAfter(1));
    StringBuilder seen = new StringBuilder();

    ChatModelException e =
        assertThrows(ChatModelException.class, () -> StreamingFailoverExample.stream(router(), "haiku", seen::append));

    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertEquals("One ", seen.toString());
    assertEquals("One ", e.partialResponse().orElseThrow().text());
    assertEquals(0, anthropic.requestCount());
  }
}
