package dev.crossfeed.examples.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.examples.app.TicketTriage.Label;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Testing your app": the app's behaviour when its provider rate-limits or goes down, checked against fake
 * providers that speak the real wire formats (no network, no key), plus an in-memory variant.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TicketTriageTest {
  @AutoClose final FakeOpenAiServer openAi = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  /** The app's production wiring, pointed at the fakes. */
  private TicketTriage triage() {
    ChatModel gpt = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").build();
    ChatModel claude =
        AnthropicChatModel.builder().baseUrl(anthropic.baseUrl()).apiKey(ApiKey.of("sk-ant-test")).model("claude-haiku-4-5").build();
    Router router =
        Router.builder()
            .model("gpt", gpt)
            .model("claude", claude)
            .maxRetryAfter(Duration.ofSeconds(1))
            .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build();
    return new TicketTriage(router);
  }

  @Test
  void labelsATicket() {
    openAi.enqueue(FakeResponse.text("BILLING"));

    assertEquals(Label.BILLING, triage().label("I was charged twice this month"));

    assertEquals(TicketTriage.INSTRUCTIONS, openAi.takeRequest().system());
  }

  @Test
  void aRateLimitedProviderIsCoveredByTheOther() {
    openAi.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(20)));
    anthropic.enqueue(FakeResponse.text("BUG"));

    assertEquals(Label.BUG, triage().label("The export button crashes the app"));

    assertEquals(1, openAi.requestCount()); // a 20s hint is over the 1s cap: no waiting, no second try
  }

  @Test
  void aShortRateLimitIsWaitedOutWhenThereIsNoOtherProvider() {
    openAi.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofMillis(200)), FakeResponse.text("QUESTION"));
    anthropic.enqueue(FakeResponse.failure(Failure.OVERLOADED));

    assertEquals(Label.QUESTION, triage().label("How do I change my email address?"));

    assertEquals(2, openAi.requestCount());
  }

  @Test
  void aProviderThatGoesDownFallsBackToTheOther() {
    openAi.enqueue(FakeResponse.failure(Failure.CONNECTION));
    anthropic.enqueue(FakeResponse.text("question"));

    assertEquals(Label.QUESTION, triage().label("Where is my invoice?"));
  }

  @Test
  void whenEveryProviderIsDownTheTicketGoesToAHuman() {
    openAi.enqueue(FakeResponse.failure(Failure.SERVER_ERROR), FakeResponse.failure(Failure.SERVER_ERROR));
    anthropic.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));

    assertEquals(Label.NEEDS_HUMAN, triage().label("Everything is broken"));
  }

  @Test
  void inMemoryWithoutHttp() {
    ScriptedChatModel model =
        ScriptedChatModel.builder().then(Outcome.rateLimited(Duration.ofSeconds(5)), Outcome.text("nonsense")).build();
    TicketTriage triage = new TicketTriage(model);

    assertEquals(Label.NEEDS_HUMAN, triage.label("first: rate limited, the app does not throw"));
    assertEquals(Label.NEEDS_HUMAN, triage.label("second: an answer that is not a label"));
    assertEquals(2, model.callCount());
  }
}
