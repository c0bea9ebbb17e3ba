package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.testing.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CONTEXT_LENGTH_EXCEEDED falls back to models not known to be smaller, a known larger window first. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextWindowFallbackTest {
  private final ManualScheduler clock = new ManualScheduler();

  @ParameterizedTest
  @EnumSource(Paths.class)
  void withNoWindowKnownTheCallFallsBack(Paths path) {
    Router r = router(clock).model("small", model("small", Outcome.fail(Failure.CONTEXT_LENGTH_EXCEEDED))).model("other", model("other")).build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals(List.of("small:CONTEXT_LENGTH_EXCEEDED", "other:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aKnownLargerWindowComesBeforeAnUnknownOneAndAKnownSmallerOneNever(Paths path) {
    Router r =
        router(clock)
            .model("first", model("first", Outcome.fail(Failure.CONTEXT_LENGTH_EXCEEDED)), ModelInfo.builder("x", "first").contextWindow(8_000).build())
            .model("tiny", model("tiny"), ModelInfo.builder("x", "tiny").contextWindow(4_000).build())
            .model("unknown", model("unknown"))
            .model("large", model("large"), ModelInfo.builder("x", "large").contextWindow(200_000).build())
            .build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals(List.of("first:CONTEXT_LENGTH_EXCEEDED", "large:SUCCESS"), outcomes(answer.routeTrace()));
  }
}
