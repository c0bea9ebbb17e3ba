/**
 * OpenTelemetry traces and GenAI client metrics for Crossfeed routers: {@link
 * dev.crossfeed.opentelemetry.CrossfeedTelemetry}. Depends on {@code opentelemetry-api} only, which the
 * application provides. Parameters and return values are non-null unless documented otherwise.
 */
package dev.crossfeed.opentelemetry;
