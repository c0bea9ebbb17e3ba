/**
 * JMH benchmark of what the telemetry modules add to a routed call: {@link
 * dev.crossfeed.benchmarks.observability.TelemetryOverheadBenchmark}, run and judged by {@link
 * dev.crossfeed.benchmarks.observability.TelemetryBench}.
 */
package dev.crossfeed.benchmarks.observability;
