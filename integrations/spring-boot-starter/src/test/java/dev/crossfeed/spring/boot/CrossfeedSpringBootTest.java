package dev.crossfeed.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolSpec;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A whole Spring Boot application configured by {@code application.yml}, against fake OpenAI and Anthropic servers. */
@SpringBootTest(classes = CrossfeedSpringBootTest.App.class)
@Timeout(60)
class CrossfeedSpringBootTest {
  static final FakeOpenAiServer OPENAI = new FakeOpenAiServer();
  static final FakeAnthropicServer ANTHROPIC = new FakeAnthropicServer();

  /** The application: nothing but Boot's auto-configuration. */
  @SpringBootApplication
  static class App {}

  @DynamicPropertySource
  static void fakes(DynamicPropertyRegistry registry) {
    registry.add("fake.openai.url", OPENAI::baseUrl);
    registry.add("fake.anthropic.url", ANTHROPIC::baseUrl);
  }

  @AfterAll
  static void close() {
    OPENAI.close();
    ANTHROPIC.close();
  }

  @Autowired ChatModel chatModel;

  @Autowired
  @Qualifier("claude-only")
  Router claudeOnly;

  @Autowired HealthIndicator crossfeedHealthIndicator;

  @Test
  void answersThroughTheDefaultRoute() {
    OPENAI.enqueue(FakeResponse.text("Paris.").usage(9, 2));

    ChatResponse r = chatModel.chat("Capital of France?");

    assertThat(r.text()).isEqualTo("Paris.");
    assertThat(r.routeTrace().last().orElseThrow().model()).isEqualTo("gpt");
    assertThat(((Router) chatModel).name()).isEqualTo("default");
  }

  @Test
  void fallsBackOn503() {
    OPENAI.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    ANTHROPIC.enqueue(FakeResponse.text("From Claude."));

    assertThat(chatModel.chat("Hi").text()).isEqualTo("From Claude.");
  }

  @Test
  void toolCallsComeBackToTheApp() {
    OPENAI.enqueue(FakeResponse.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"));

    ChatResponse r =
        chatModel.chat(ChatRequest.builder().user("Weather?").tool(ToolSpec.of("weather", "Weather", null)).build());

    assertThat(r.toolCalls()).singleElement().satisfies(c -> assertThat(c.argumentsJson()).isEqualTo("{\"city\":\"Paris\"}"));
  }

  @Test
  void streamsAndAnInterruptionAfterContentIsNotReplayed() {
    OPENAI.enqueue(FakeResponse.textChunks("Hel", "lo"), FakeResponse.textChunks("Hel", "lo").errorAfter(1, Failure.SERVER_ERROR));
    StringBuilder text = new StringBuilder();
    try (ChatStream stream = chatModel.stream(ChatRequest.of("Hi"))) {
      for (StreamEvent e : stream) if (e instanceof StreamEvent.TextDelta) text.append(((StreamEvent.TextDelta) e).text());
    }
    assertThat(text).hasToString("Hello");

    int anthropicBefore = ANTHROPIC.requestCount();
    assertThatThrownBy(() -> chatModel.stream(ChatRequest.of("Hi")).response())
        .isInstanceOfSatisfying(ChatModelException.class, e -> assertThat(e.failure()).isEqualTo(Failure.STREAM_INTERRUPTED));
    assertThat(ANTHROPIC.requestCount()).isEqualTo(anthropicBefore);
  }

  @Test
  void qualifiedRoutesAndHealthAreThere() {
    assertThat(claudeOnly.models()).containsExactly("claude");
    assertThat(crossfeedHealthIndicator.health().getStatus()).isEqualTo(Status.UP);
  }
}
