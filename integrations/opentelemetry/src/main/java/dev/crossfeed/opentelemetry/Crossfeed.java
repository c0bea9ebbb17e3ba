package dev.crossfeed.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/** The {@code crossfeed.*} attributes and events that show the router's decisions next to the GenAI ones. */
final class Crossfeed {
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("crossfeed.route");
  static final AttributeKey<Long> CALL_ID = AttributeKey.longKey("crossfeed.call.id");
  /** The route's name for the model ({@code gpt}), where {@code gen_ai.request.model} is the provider's id. */
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("crossfeed.model");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("crossfeed.attempt");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("crossfeed.attempts");
  static final AttributeKey<Boolean> HEDGE = AttributeKey.booleanKey("crossfeed.hedge");
  /** {@code SUCCESS} or the {@code Failure}; also set on a hedge loser, which is cancelled, not failed. */
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("crossfeed.outcome");
  /** On an attempt that is a fallback: the failure of the attempt before it. */
  static final AttributeKey<String> FALLBACK_REASON = AttributeKey.stringKey("crossfeed.fallback.reason");
  static final AttributeKey<String> FALLBACK_FROM = AttributeKey.stringKey("crossfeed.fallback.from");
  static final AttributeKey<String> FALLBACK_TO = AttributeKey.stringKey("crossfeed.fallback.to");
  /** On an attempt that followed a backoff or Retry-After wait: how long the router waited, in seconds. */
  static final AttributeKey<Double> RETRY_WAIT = AttributeKey.doubleKey("crossfeed.retry.wait");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("crossfeed.reason");
  static final AttributeKey<String> DETAIL = AttributeKey.stringKey("crossfeed.detail");
  /** On a retry event: true if the wait honours a Retry-After hint or cooldown, false for backoff. */
  static final AttributeKey<Boolean> RETRY_AFTER = AttributeKey.booleanKey("crossfeed.retry.retry_after");
  static final AttributeKey<String> HEDGE_RUNNING = AttributeKey.stringKey("crossfeed.hedge.running");
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("crossfeed.cost.usd");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

  static final String EVENT_FALLBACK = "crossfeed.fallback";
  static final String EVENT_RETRY = "crossfeed.retry";
  static final String EVENT_HEDGE = "crossfeed.hedge";
  static final String EVENT_SKIPPED = "crossfeed.model_skipped";
  static final String EVENT_FIRST_CHUNK = "crossfeed.first_chunk";

  private Crossfeed() {}
}
