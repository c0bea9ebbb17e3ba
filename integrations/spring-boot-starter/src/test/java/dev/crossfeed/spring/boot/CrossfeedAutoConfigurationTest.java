package dev.crossfeed.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RouteEvent;
import dev.crossfeed.routing.RouterListener;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in a real (small) Spring context, against fake OpenAI and Anthropic servers. */
@Timeout(60)
class CrossfeedAutoConfigurationTest {
  private final FakeOpenAiServer openAi = new FakeOpenAiServer();
  private final FakeAnthropicServer anthropic = new FakeAnthropicServer();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(CrossfeedAutoConfiguration.class))
          .withPropertyValues(
              "crossfeed.models.gpt.provider=openai",
              "crossfeed.models.gpt.model=gpt-4o-mini",
              "crossfeed.models.gpt.api-key=sk-test",
              "crossfeed.models.gpt.base-url=" + openAi.baseUrl(),
              "crossfeed.models.claude.provider=anthropic",
              "crossfeed.models.claude.model=claude-haiku-4-5",
              "crossfeed.models.claude.apiKey=sk-ant-test",
              "crossfeed.models.claude.baseUrl=" + anthropic.baseUrl(),
              "crossfeed.routes.default.models[0]=gpt",
              "crossfeed.routes.default.models[1]=claude",
              "crossfeed.routes.cheap.models[0]=claude",
              "crossfeed.routes.cheap.retry.max-attempts=1",
              "crossfeed.routes.cheap.circuit-breaker.failure-threshold=1");

  @AfterEach
  void close() {
    openAi.close();
    anthropic.close();
  }

  /** Injects routes the way an application does. */
  static class Consumer {
    @Autowired ChatModel chatModel;
    @Autowired Router router;

    @Autowired
    @Qualifier("cheap")
    Router cheap;
  }

  @Configuration(proxyBeanMethods = false)
  static class ConsumerConfig {
    @Bean
    Consumer consumer() {
      return new Consumer();
    }
  }

  @Test
  void aRouterBeanPerRouteQualifiedByNameAndTheDefaultRouteAsChatModel() {
    runner.withUserConfiguration(ConsumerConfig.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(Router.class)).containsOnlyKeys("crossfeedRouter.default", "crossfeedRouter.cheap");
      Consumer c = context.getBean(Consumer.class);
      assertThat(((Router) c.chatModel).name()).isEqualTo("default");
      assertThat(c.router.name()).isEqualTo("default");
      assertThat(c.cheap.name()).isEqualTo("cheap");
      assertThat(c.cheap.models()).containsExactly("claude");
      assertThat(context.getBean(RoutingConfig.class).routeNames()).containsExactly("default", "cheap");
    });
  }

  @Test
  void theDefaultRouteFailsOverOn503() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    anthropic.enqueue(FakeResponse.text("From Claude."));

    runner.run(context -> {
      assertThat(context.getBean(ChatModel.class).chat("Hi").text()).isEqualTo("From Claude.");
      assertThat(anthropic.takeRequest().header("x-api-key")).contains("sk-ant-test");
    });
  }

  @Test
  void defaultRoutePropertyPicksThePrimaryRoute() {
    runner.withPropertyValues("crossfeed.default-route=cheap").run(context -> {
      assertThat(((Router) context.getBean(ChatModel.class)).name()).isEqualTo("cheap");
    });
  }

  @Test
  void anUnknownKeyFailsStartupNamingThePropertyAsWritten() {
    runner.withPropertyValues("crossfeed.routes.default.retry.max-atempts=3").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("property crossfeed.routes.default.retry.max-atempts:")
          .contains("maxAttempts");
    });
  }

  @Test
  void aBadValueFailsStartupNamingTheProperty() {
    runner.withPropertyValues("crossfeed.routes.cheap.timeout=5 parsecs").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure())).contains("property crossfeed.routes.cheap.timeout:");
    });
  }

  @Test
  void aMissingPlaceholderFailsStartupNamingTheProperty() {
    runner.withPropertyValues("crossfeed.models.gpt.api-key=${NO_SUCH_CROSSFEED_TEST_KEY}").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("crossfeed.models.gpt.api-key")
          .contains("NO_SUCH_CROSSFEED_TEST_KEY");
    });
  }

  @Test
  void withoutCrossfeedPropertiesOrWhenDisabledNothingIsConfigured() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CrossfeedAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RoutingConfig.class).doesNotHaveBean(Router.class));
    runner.withPropertyValues("crossfeed.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(RoutingConfig.class).doesNotHaveBean(Router.class);
    });
  }

  /** Records the attempts it hears of. */
  static final class RecordingListener extends RouterListener {
    final List<String> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void attemptFinished(RouteEvent.AttemptFinished e) {
      attempts.add(e.route() + ":" + e.model() + ":" + e.result().outcome());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfig {
    @Bean
    RecordingListener recordingListener() {
      return new RecordingListener();
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void routerListenerBeansAndCrossfeedMicrometerHearEveryRoute() {
    openAi.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    anthropic.enqueue(FakeResponse.text("From Claude."));

    runner.withUserConfiguration(ListenerConfig.class).run(context -> {
      assertThat(context).hasBean("crossfeedMetricsListener");
      context.getBean(ChatModel.class).chat("Hi");

      assertThat(context.getBean(RecordingListener.class).attempts).contains("default:gpt:OVERLOADED", "default:claude:SUCCESS");
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.find("crossfeed.attempts").tag("outcome", "SUCCESS").meters()).isNotEmpty();
    });
  }

  @Test
  void healthIsDownOnlyWhenAWholeRouteIsUnusable() {
    anthropic.enqueue(FakeResponse.failure(Failure.SERVER_ERROR));

    runner.run(context -> {
      HealthIndicator indicator = context.getBean("crossfeedHealthIndicator", HealthIndicator.class);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

      Router cheap = context.getBean("crossfeedRouter.cheap", Router.class);
      try {
        cheap.chat("Hi");
      } catch (RuntimeException expected) {
        // claude answered 500: with a threshold of 1, the cheap route's only breaker opens
      }

      Health health = indicator.health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsKey("unusable");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> routes = (Map<String, Map<String, Object>>) health.getDetails().get("routes");
      assertThat(routes.get("cheap")).containsEntry("status", "DOWN").containsEntry("models", Map.of("claude", "OPEN"));
      assertThat(routes.get("default")).containsEntry("status", "UP");
    });
  }

  @Test
  void theHealthIndicatorCanBeTurnedOffLikeAnyOther() {
    runner.withPropertyValues("management.health.crossfeed.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean("crossfeedHealthIndicator").hasSingleBean(RoutingConfig.class);
    });
  }

  @Test
  void closingTheContextClosesTheRoutesThroughTheRoutingLifecycle() {
    java.util.concurrent.atomic.AtomicReference<ChatModel> model = new java.util.concurrent.atomic.AtomicReference<>();
    runner.run(context -> model.set(context.getBean(ChatModel.class)));

    dev.crossfeed.ChatModelException e =
        org.junit.jupiter.api.Assertions.assertThrows(dev.crossfeed.ChatModelException.class, () -> model.get().chat("Hi"));
    assertThat(e.failure()).isEqualTo(Failure.CANCELLED);
    assertThat(openAi.requestCount()).isZero();
  }

  private static String messages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) s.append(c.getMessage()).append('\n');
    return s.toString();
  }
}
