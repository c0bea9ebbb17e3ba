package dev.crossfeed.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when some {@code crossfeed.*} routing property is set and {@code crossfeed.enabled} is not false. */
final class OnCrossfeedProperties extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    CrossfeedProperties p = CrossfeedProperties.read((ConfigurableEnvironment) context.getEnvironment());
    if (!p.enabled) return ConditionOutcome.noMatch("crossfeed.enabled is false");
    if (!p.any) return ConditionOutcome.noMatch("no crossfeed.* routing properties");
    return ConditionOutcome.match("crossfeed.* routing properties found");
  }
}
