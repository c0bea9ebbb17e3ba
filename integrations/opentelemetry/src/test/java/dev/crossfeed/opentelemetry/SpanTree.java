package dev.crossfeed.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders exported spans as an indented tree, one line per span: name, kind, and {@code ERROR <error.type>} for
 * failed spans; children ordered by {@code crossfeed.attempt} (then start time), so a test states the whole shape
 * of a trace in one string.
 */
final class SpanTree {
  private final List<SpanData> spans;
  private final Map<String, List<SpanData>> children;

  SpanTree(List<SpanData> spans) {
    this.spans = List.copyOf(spans);
    this.children = spans.stream().collect(Collectors.groupingBy(SpanData::getParentSpanId));
  }

  /** The tree below spans without a parent among {@code spans}. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (SpanData root : sorted(roots())) render(root, 0, out);
    return out.toString();
  }

  private List<SpanData> roots() {
    List<SpanData> roots = new ArrayList<>();
    for (SpanData s : spans) {
      boolean hasParent = spans.stream().anyMatch(p -> p.getSpanId().equals(s.getParentSpanId()));
      if (!hasParent) roots.add(s);
    }
    return roots;
  }

  private void render(SpanData span, int depth, StringBuilder out) {
    out.append("  ".repeat(depth)).append(span.getName()).append(' ').append(span.getKind());
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      out.append(" ERROR ").append(span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }
    out.append('\n');
    for (SpanData child : sorted(children.getOrDefault(span.getSpanId(), List.of()))) render(child, depth + 1, out);
  }

  private static List<SpanData> sorted(List<SpanData> spans) {
    List<SpanData> out = new ArrayList<>(spans);
    out.sort(
        Comparator.comparing((SpanData s) -> {
              Long n = s.getAttributes().get(Crossfeed.ATTEMPT);
              return n == null ? 0L : n;
            })
            .thenComparingLong(SpanData::getStartEpochNanos));
    return out;
  }

  /** The one span named {@code name}. */
  SpanData span(String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    if (found.size() != 1) throw new AssertionError(found.size() + " spans named '" + name + "' in\n" + render());
    return found.get(0);
  }

  /** The CLIENT span of attempt {@code n}. */
  SpanData attempt(long n) {
    List<SpanData> found =
        spans.stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT && Long.valueOf(n).equals(s.getAttributes().get(Crossfeed.ATTEMPT)))
            .collect(Collectors.toList());
    if (found.size() != 1) throw new AssertionError(found.size() + " spans of attempt " + n + " in\n" + render());
    return found.get(0);
  }
}
