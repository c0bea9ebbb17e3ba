package dev.crossfeed.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The span tree of a real provider client's calls against fake servers speaking OpenAI's wire format. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeServerTracingTest {
  private final FakeOpenAiServer primary = new FakeOpenAiServer();
  private final FakeOpenAiServer backup = new FakeOpenAiServer();
  private final Otel otel = new Otel();
  private final CrossfeedTelemetry telemetry = CrossfeedTelemetry.create(otel.sdk);

  @AfterEach
  void close() {
    primary.close();
    backup.close();
    otel.close();
  }

  private static ChatModel client(FakeOpenAiServer server, String model) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model(model).build();
  }

  private Router router() {
    return Router.builder()
        .name("support")
        .model("primary", client(primary, "gpt-4o-mini"))
        .model("backup", client(backup, "gpt-4o"))
        .maxAttempts(1)
        .timeout(Duration.ofSeconds(10))
        .listener(telemetry.listener())
        .build();
  }

  @Test
  void anOverloadedPrimaryAndTheBackupsAnswerAsTheWireReportedThem() throws Exception {
    primary.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    backup.enqueue(FakeResponse.text("Hello").usage(12, 3).model("gpt-4o-2024-08-06").requestId("req_backup"));

    assertEquals("Hello", router().chat(ChatRequest.of("hi")).text());

    SpanTree tree = otel.tree(3);
    assertEquals("route support INTERNAL\n  chat gpt-4o-mini CLIENT ERROR OVERLOADED\n  chat gpt-4o-2024-08-06 CLIENT\n", tree.render());
    SpanData failed = tree.attempt(1);
    assertEquals(503L, failed.getAttributes().get(Crossfeed.HTTP_STATUS));
    SpanData answered = tree.attempt(2);
    assertEquals("openai", answered.getAttributes().get(GenAi.PROVIDER_NAME));
    assertEquals("gpt-4o-2024-08-06", answered.getAttributes().get(GenAi.RESPONSE_MODEL));
    assertEquals(12L, answered.getAttributes().get(GenAi.USAGE_INPUT_TOKENS));
    assertEquals(3L, answered.getAttributes().get(GenAi.USAGE_OUTPUT_TOKENS));
    assertNotNull(answered.getAttributes().get(GenAi.RESPONSE_ID));
    assertEquals(List.of("stop"), answered.getAttributes().get(GenAi.RESPONSE_FINISH_REASONS));
  }

  @Test
  void aStreamCutMidAnswerIsInterruptedOnBothSpans() throws Exception {
    primary.enqueue(FakeResponse.textChunks("Hel", "lo", " world").errorAfter(1, Failure.SERVER_ERROR));

    try (ChatStream s = router().stream(ChatRequest.of("hi"))) {
      for (StreamEvent ignored : s) {
        // read until it breaks
      }
    } catch (dev.crossfeed.ChatModelException e) {
      assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    }

    SpanTree tree = otel.tree(2);
    assertEquals(
        "route support INTERNAL ERROR STREAM_INTERRUPTED\n  chat gpt-4o-mini CLIENT ERROR STREAM_INTERRUPTED\n", tree.render());
    assertEquals(true, tree.attempt(1).getAttributes().get(GenAi.REQUEST_STREAM));
    assertNotNull(tree.attempt(1).getAttributes().get(GenAi.RESPONSE_TIME_TO_FIRST_CHUNK));
    assertEquals(0, backup.requestCount());
  }
}
