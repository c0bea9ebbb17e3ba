package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Settings that contradict each other are refused when the router is built, saying which and why. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BuilderContradictionTest {
  private static Router.Builder builder() {
    return Router.builder().model("a", model("a"));
  }

  @Test
  void anAttemptTimeoutLongerThanTheDeadline() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder().timeout(Duration.ofSeconds(10)).attemptTimeout(Duration.ofSeconds(20)).build());
    assertEquals("attemptTimeout (20s) exceeds timeout (10s): an attempt cannot outlast the call's deadline", e.getMessage());
  }

  @Test
  void aFirstTokenTimeoutLongerThanTheAttemptOrTheDeadline() {
    IllegalStateException perAttempt =
        assertThrows(
            IllegalStateException.class,
            () -> builder().attemptTimeout(Duration.ofSeconds(2)).firstTokenTimeout(Duration.ofMillis(2500)).build());
    assertTrue(perAttempt.getMessage().startsWith("firstTokenTimeout (2500ms) exceeds attemptTimeout (2s)"), perAttempt.getMessage());
    IllegalStateException whole =
        assertThrows(IllegalStateException.class, () -> builder().timeout(Duration.ofSeconds(5)).firstTokenTimeout(Duration.ofMinutes(1)).build());
    assertTrue(whole.getMessage().startsWith("firstTokenTimeout (1m) exceeds timeout (5s)"), whole.getMessage());
  }

  @Test
  void aHedgeDelayBeyondTheDeadlineIsAllowed() {
    builder().timeout(Duration.ofMillis(2500)).hedgeAfter(Duration.ofSeconds(10)).build(); // hedging that rarely fires
  }

  @Test
  void consistentSettingsBuild() {
    builder().timeout(Duration.ofSeconds(10)).attemptTimeout(Duration.ofSeconds(10)).firstTokenTimeout(Duration.ofSeconds(2)).hedgeAfter(Duration.ofSeconds(1)).build();
  }

  @Test
  void aConfigFileWithAContradictionNamesTheRoute() {
    String json =
        "{\"models\": {\"a\": {\"provider\": \"scripted\", \"model\": \"a\"}},"
            + " \"routes\": {\"default\": {\"models\": [\"a\"], \"timeout\": \"5s\", \"attemptTimeout\": \"10s\"}}}";
    RoutingConfigException e =
        assertThrows(
            RoutingConfigException.class,
            () -> RoutingConfigLoader.create().environment(Map.of()).factory(new TestFactory(Set.of("scripted"))).load(json, "c.json"));
    assertTrue(e.getMessage().contains("routes.default"), e.getMessage());
    assertTrue(e.getMessage().contains("attemptTimeout (10s) exceeds timeout (5s)"), e.getMessage());
  }
}
