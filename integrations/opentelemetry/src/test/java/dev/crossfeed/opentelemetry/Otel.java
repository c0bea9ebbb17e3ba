package dev.crossfeed.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The real OpenTelemetry SDK with in-memory span exporter and metric reader. */
final class Otel implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  /** The finished spans as a tree; waits up to 10 s for {@code count} of them (a hedge loser ends on its own thread). */
  SpanTree tree(int count) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < end) Thread.sleep(5);
    List<SpanData> finished = spans.getFinishedSpanItems();
    if (finished.size() != count) throw new AssertionError(count + " spans expected, got " + new SpanTree(finished).render());
    return new SpanTree(finished);
  }

  /**
   * The histogram {@code name}'s points as "attribute=value,... -> count/sum", sorted, with the attributes in
   * {@code keys} only.
   */
  List<String> histogram(String name, String... keys) {
    Map<String, String> out = new TreeMap<>();
    for (MetricData m : metrics.collectAllMetrics()) {
      if (!m.getName().equals(name)) continue;
      for (Object o : m.getData().getPoints()) {
        HistogramPointData p = (HistogramPointData) o;
        StringBuilder label = new StringBuilder();
        for (String k : keys) {
          Object v = p.getAttributes().get(AttributeKey.stringKey(k));
          if (v != null) label.append(label.length() == 0 ? "" : ",").append(k).append('=').append(v);
        }
        out.put(label.toString(), label + " -> " + p.getCount() + "/" + fmt(p.getSum()));
      }
    }
    return new ArrayList<>(out.values());
  }

  MetricData metric(String name) {
    for (MetricData m : metrics.collectAllMetrics()) if (m.getName().equals(name)) return m;
    throw new AssertionError("no metric " + name);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public void close() {
    sdk.close();
  }
}
