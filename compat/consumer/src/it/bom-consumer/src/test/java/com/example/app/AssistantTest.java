package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AssistantTest {
  @Test
  void theBackupAnswersWhenThePrimaryIsOverloaded() {
    try (FakeOpenAiServer primary = new FakeOpenAiServer(); FakeOpenAiServer backup = new FakeOpenAiServer()) {
      primary.enqueue(FakeResponse.failure(Failure.OVERLOADED));
      backup.enqueue(FakeResponse.text("from the backup"));

      String text = Assistant.router(primary.baseUrl(), backup.baseUrl(), ApiKey.of("sk-consumer-test")).chat("hi").text();

      assertEquals("from the backup", text);
      assertEquals(1, backup.requestCount());
    }
  }

  @Test
  void theApplicationsJUnitIsTheOneOnTheClasspath() {
    assertEquals(System.getProperty("expected.junit"), Test.class.getPackage().getImplementationVersion());
  }
}
