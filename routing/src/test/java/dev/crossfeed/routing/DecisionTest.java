package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.Outcome;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decision core: immutable decisions from {@link CallPlan#next}, and no cap on the number of members. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DecisionTest {
  private final ManualScheduler clock = new ManualScheduler();

  @ParameterizedTest
  @EnumSource(Paths.class)
  void aRouterOf200MembersTriesEveryOneInTurn(Paths path) {
    Router.Builder b = router(clock).maxAttempts(1).circuitBreaker(1000, Duration.ofSeconds(30));
    for (int i = 0; i < 199; i++) b.model("m" + i, model("m" + i, Outcome.fail(Failure.SERVER_ERROR)));
    b.model("m199", model("m199"));
    Router r = b.build();

    ChatResponse answer = path.call(r, ChatRequest.of("hi"));

    assertEquals("answer from m199", answer.text());
    assertEquals(200, answer.routeTrace().attempts().size());
    assertEquals("m150", answer.routeTrace().attempts().get(150).model());
    assertEquals(200, r.models().size());
  }

  @Test
  void decisionsAreAttemptThenWaitForTheHintThenGiveUpAtTheDeadline() {
    Router r = router(clock).model("a", model("a")).timeout(Duration.ofSeconds(1)).build();
    long t0 = clock.nanoTime();
    CallPlan plan = new CallPlan(r, ChatRequest.of("hi"), false, t0);

    Decision.Attempt first = assertInstanceOf(Decision.Attempt.class, plan.next(t0));
    assertEquals(0, first.index());
    CallSlot slot = plan.begin(first, false, t0);
    ChatModelException limited = Fixtures.error(Failure.RATE_LIMITED, Duration.ofMillis(300));
    plan.failed(slot, limited, t0);

    Decision.Wait wait = assertInstanceOf(Decision.Wait.class, plan.next(t0));
    assertEquals(t0 + Duration.ofMillis(300).toNanos(), wait.until());
    Decision.GiveUp end = assertInstanceOf(Decision.GiveUp.class, plan.next(t0 + Duration.ofSeconds(1).toNanos()));
    assertEquals(Failure.RATE_LIMITED, end.failure().failure());
    assertTrue(end.failure().routeTrace().last().isPresent(), "the failure carries the trace");
  }
}
