package dev.crossfeed.spring.boot;

import dev.crossfeed.micrometer.CrossfeedMetrics;
import dev.crossfeed.routing.RouterListener;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Crossfeed routes from {@code application.yml}: the {@code crossfeed.models} and {@code crossfeed.routes}
 * properties, in the same schema as the JSON routing config (see the README), become one {@link RoutingConfig}
 * bean and one {@code Router} bean per route, qualified by the route name; the default route (
 * {@code crossfeed.default-route}, else the route named {@code default}, else the first) is the primary bean, so it
 * is what an unqualified {@code dev.crossfeed.ChatModel} or {@code Router} injection gets.
 *
 * <pre>{@code
 * crossfeed:
 *   models:
 *     gpt:    { provider: openai, model: gpt-4o-mini, api-key: "${OPENAI_API_KEY}" }
 *     claude: { provider: anthropic, model: claude-haiku-4-5, api-key: "${ANTHROPIC_API_KEY}" }
 *   routes:
 *     default: { models: [gpt, claude], timeout: 30s, retry: { max-attempts: 2 } }
 * }</pre>
 *
 * <p>An unknown key or a bad value fails startup with the property named as written (e.g.
 * {@code crossfeed.routes.default.retry.max-atempts: unknown key 'maxAtempts' (did you mean 'maxAttempts'?)}).
 * Every {@link RouterListener} bean is attached to every router; with {@code crossfeed-micrometer} and a
 * {@code MeterRegistry} bean, its route meters are such a listener. With Actuator, the {@code crossfeed} health
 * indicator reports each model's breaker state and is DOWN only when a whole route is unusable. On shutdown Spring
 * calls each router's and the config's {@code close()} (inferred destroy methods), releasing what they created. {@code crossfeed.enabled=false} turns all of it off; without any
 * {@code crossfeed.*} property the auto-configuration backs off.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@Conditional(OnCrossfeedProperties.class)
@Import(RouterRegistrar.class)
public class CrossfeedAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public CrossfeedAutoConfiguration() {}

  /**
   * The routes and models of the {@code crossfeed.*} properties, loaded by routing's own config loader.
   *
   * @param environment where the {@code crossfeed.*} properties are read
   * @param listeners router listeners defined as beans, added to every route
   * @return the loaded configuration
   * @throws IllegalStateException naming the offending property when the configuration is invalid
   */
  @Bean
  public RoutingConfig crossfeedRoutingConfig(ConfigurableEnvironment environment, ObjectProvider<RouterListener> listeners) {
    CrossfeedProperties properties = CrossfeedProperties.read(environment);
    RoutingConfigLoader loader =
        RoutingConfigLoader.create().listener(ListenerChain.of(listeners.orderedStream().collect(Collectors.toList())));
    try {
      return loader.load(properties.json(), "application properties (crossfeed.*)");
    } catch (RoutingConfigException e) {
      String where = e.key().map(properties::property).map(p -> "property " + p + ": ").orElse("");
      throw new IllegalStateException("Invalid Crossfeed configuration, " + where + e.getMessage(), e);
    }
  }

  /** The {@code crossfeed} Actuator health indicator, when Actuator's health support is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {
    @Bean
    @ConditionalOnEnabledHealthIndicator("crossfeed")
    @ConditionalOnMissingBean(name = "crossfeedHealthIndicator")
    HealthIndicator crossfeedHealthIndicator(RoutingConfig config) {
      return new RouteHealthIndicator(config);
    }
  }

  /** Route meters from {@code crossfeed-micrometer}, when it and a {@code MeterRegistry} bean are there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({CrossfeedMetrics.class, MeterRegistry.class})
  static class Metrics {
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(name = "crossfeedMetricsListener")
    RouterListener crossfeedMetricsListener(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
      CrossfeedMetrics.Builder metrics = CrossfeedMetrics.builder(registry);
      observations.ifAvailable(metrics::observationRegistry);
      return metrics.build().listener();
    }
  }
}
