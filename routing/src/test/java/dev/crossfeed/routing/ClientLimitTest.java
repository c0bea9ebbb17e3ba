package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.outcomes;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-member client-side limits (Failsafe bulkhead and rate limiter): a model at its limit is skipped. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientLimitTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final ChatRequest hi = ChatRequest.of("hi");

  @Test
  void aModelAtItsConcurrencyLimitIsSkippedUntilACallEnds() throws Exception {
    ManualModel a = new ManualModel("a");
    ListenerEventsTest.Keeper k = new ListenerEventsTest.Keeper();
    Router r = router(clock).model("a", a).model("b", model("b")).maxConcurrency("a", 1).listener(k).build();

    CompletableFuture<ChatResponse> first = r.chatAsync(hi);
    ManualModel.Call inFlight = a.awaitCall(1);
    ChatResponse second = r.chat(hi);

    assertEquals(List.of("b:SUCCESS"), outcomes(second.routeTrace()));
    RouteEvent.ModelSkipped skip = k.of(RouteEvent.ModelSkipped.class).get(0);
    assertEquals("a", skip.model());
    assertEquals(RouteEvent.SkipReason.CLIENT_LIMIT, skip.reason());

    inFlight.complete("done");
    assertEquals("done", first.get(10, TimeUnit.SECONDS).text());
    CompletableFuture<ChatResponse> third = r.chatAsync(hi);
    a.awaitCall(2).complete("again");
    assertEquals("again", third.get(10, TimeUnit.SECONDS).text());
  }

  @Test
  void aModelOverItsRequestsPerMinuteIsSkipped() {
    Router r = router(clock).model("a", model("a")).model("b", model("b")).requestsPerMinute("a", 1).build();

    assertEquals("answer from a", r.chat(hi).text());
    assertEquals("answer from b", r.chat(hi).text(), "the second request within the minute goes elsewhere");
  }

  @Test
  void configSetsTheLimitsPerModelAndRejectsBadValues() throws Exception {
    TestFactory factory = new TestFactory(Set.of("p"));
    String json =
        "{\"models\": {\"a\": {\"provider\": \"p\", \"model\": \"a\", \"requestsPerMinute\": 1},"
            + " \"b\": {\"provider\": \"p\", \"model\": \"b\", \"maxConcurrency\": 4}},"
            + " \"routes\": {\"r\": {\"models\": [\"a\", \"b\"]}}}";
    Router r = RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(json, "c.json").router("r");
    assertEquals("from a", r.chat(hi).text());
    assertEquals("from b", r.chat(hi).text());

    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () -> RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(json.replace("\"maxConcurrency\": 4", "\"maxConcurrency\": 0"), "c.json"));
    assertTrue(e.getMessage().contains("models.b.maxConcurrency"), e.getMessage());
  }
}
