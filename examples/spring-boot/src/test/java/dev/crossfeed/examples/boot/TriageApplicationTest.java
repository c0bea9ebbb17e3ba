package dev.crossfeed.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TriageApplicationTest {
  static final FakeOpenAiServer OPENAI = new FakeOpenAiServer();
  static final FakeAnthropicServer ANTHROPIC = new FakeAnthropicServer();

  @DynamicPropertySource
  static void fakes(DynamicPropertyRegistry registry) {
    registry.add("OPENAI_BASE_URL", OPENAI::baseUrl);
    registry.add("ANTHROPIC_BASE_URL", ANTHROPIC::baseUrl);
  }

  @AfterAll
  static void close() {
    OPENAI.close();
    ANTHROPIC.close();
  }

  @Autowired TriageApplication.Triage triage;

  @Test
  void theDefaultRouteFallsBackToClaudeWhenGptIsOverloaded() {
    OPENAI.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    ANTHROPIC.enqueue(FakeResponse.text("URGENT"));

    assertEquals("urgent", triage.priority("The site is down for every customer."));
  }

  @Test
  void summariesGoToClaudeFirst() {
    ANTHROPIC.enqueue(FakeResponse.text("Site down."));

    assertEquals("Site down.", triage.summary("The site is down for every customer."));
  }
}
