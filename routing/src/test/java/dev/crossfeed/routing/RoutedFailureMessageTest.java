package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.Outcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A routed failure's message names the route and every attempt, not only the last member. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoutedFailureMessageTest {
  private final ManualScheduler clock = new ManualScheduler();

  @ParameterizedTest
  @EnumSource(Paths.class)
  void theMessageSaysTheRouteAndTheAttempts(Paths path) {
    Router r =
        router(clock)
            .name("support")
            .model("gpt", model("gpt", Outcome.fail(Fixtures.error(Failure.RATE_LIMITED, Duration.ofMinutes(5)))))
            .model("claude", model("claude", Outcome.fail(Failure.SERVER_ERROR)))
            .maxAttempts(1)
            .build();

    ChatModelException e = assertThrows(ChatModelException.class, () -> path.call(r, ChatRequest.of("hi")));

    assertEquals(Failure.SERVER_ERROR, e.failure());
    assertTrue(e.getMessage().startsWith("SERVER_ERROR from scripted/claude (HTTP 500)"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith(" \u2014 route 'support', attempts: gpt RATE_LIMITED (HTTP 429), claude SERVER_ERROR (HTTP 500)"),
        e.getMessage());
    assertEquals("support", e.route().orElseThrow());
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void theAnsweringMembersNameIsOnTheResponse(Paths path) {
    Router r = router(clock).model("gpt", model("gpt-4o", Outcome.fail(Failure.SERVER_ERROR))).model("claude", model("claude-haiku-4-5")).build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals("claude", answer.routeMember().orElseThrow());
    assertEquals("claude-haiku-4-5", answer.model());
    assertTrue(model("x").chat(ChatRequest.of("hi")).routeMember().isEmpty(), "a direct call has none");
  }
}
