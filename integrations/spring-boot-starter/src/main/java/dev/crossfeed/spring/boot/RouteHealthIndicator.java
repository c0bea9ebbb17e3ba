package dev.crossfeed.spring.boot;

import dev.crossfeed.routing.BreakerState;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RoutingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of the routes: per route, each model's circuit-breaker state. A route is usable while at least one
 * of its models' breakers is not open; the indicator is DOWN only when some route has no usable model left (one
 * model down is what failover is for), and lists the unusable routes.
 */
final class RouteHealthIndicator implements HealthIndicator {
  private final RoutingConfig config;

  RouteHealthIndicator(RoutingConfig config) {
    this.config = config;
  }

  @Override
  public Health health() {
    Map<String, Object> routes = new LinkedHashMap<>();
    Map<String, Object> unusable = new LinkedHashMap<>();
    for (String name : config.routeNames()) {
      Router router = config.router(name);
      Map<String, String> models = new LinkedHashMap<>();
      boolean usable = false;
      for (String model : router.models()) {
        BreakerState state = router.breakerState(model);
        models.put(model, state.name());
        usable |= state != BreakerState.OPEN;
      }
      Map<String, Object> route = new LinkedHashMap<>();
      route.put("status", usable ? "UP" : "DOWN");
      route.put("models", models);
      routes.put(name, route);
      if (!usable) unusable.put(name, "every model's circuit breaker is open");
    }
    Health.Builder health = unusable.isEmpty() ? Health.up() : Health.down().withDetail("unusable", unusable);
    return health.withDetail("routes", routes).build();
  }
}
