/**
 * Crossfeed's in-process routing: {@link dev.crossfeed.routing.Router}, a {@code ChatModel} over several models
 * that retries, falls back, balances and hedges by the failure taxonomy, with per-model circuit breakers and
 * cooldowns; {@link dev.crossfeed.routing.RoutingConfig} loads routers from a JSON file.
 *
 * <p>Everything in this package is non-null by default: parameters must not be null and return values are never
 * null. No Failsafe or Jackson type appears in this package's public API; routing failures are
 * {@link dev.crossfeed.ChatModelException}s and config problems {@link dev.crossfeed.routing.RoutingConfigException}s.
 */
package dev.crossfeed.routing;
