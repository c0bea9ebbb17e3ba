/**
 * Micrometer meters and Observations for Crossfeed routers: {@link dev.crossfeed.micrometer.CrossfeedMetrics}.
 * Depends on {@code micrometer-core} and {@code micrometer-observation}, which the application provides.
 * Parameters and return values are non-null unless documented otherwise.
 */
package dev.crossfeed.micrometer;
