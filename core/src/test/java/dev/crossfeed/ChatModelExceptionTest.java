package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChatModelExceptionTest {
  @Test
  void messageCarriesTheDataAndTruncatesProviderText() {
    ChatModelException e =
        ChatModelException.builder(Failure.RATE_LIMITED)
            .provider("openai")
            .model("gpt-4o")
            .status(429)
            .requestId("req_1")
            .retryAfter(Duration.ofMillis(1500))
            .providerMessage("x".repeat(2000))
            .build();
    assertTrue(e.getMessage().startsWith("RATE_LIMITED from openai/gpt-4o (HTTP 429, request req_1, retry after 1500ms): "));
    assertEquals(ChatModelException.MAX_PROVIDER_MESSAGE + 1, e.providerMessage().length());
    assertEquals(429, e.status().getAsInt());
    assertEquals(Duration.ofMillis(1500), e.retryAfter().orElseThrow());
  }

  @Test
  void withRouteTraceKeepsDataAndCause() {
    IllegalStateException cause = new IllegalStateException("boom");
    ChatModelException e = ChatModelException.builder(Failure.SERVER_ERROR).provider("p").status(500).cause(cause).build();
    RouteTrace trace =
        new RouteTrace(List.of(new RouteTrace.Attempt("a", "p", Optional.of(Failure.SERVER_ERROR), OptionalInt.of(500), Duration.ofMillis(3), false)));
    ChatModelException traced = e.withRouteTrace(trace);
    assertSame(cause, traced.getCause());
    assertEquals(e.getMessage(), traced.getMessage());
    assertEquals("SERVER_ERROR", traced.routeTrace().attempts().get(0).outcome());
    assertEquals(RouteTrace.EMPTY, e.routeTrace());
  }

  @Test
  void reclassifyKeepsFields() {
    ChatModelException e = ChatModelException.builder(Failure.CONNECTION).provider("p").model("m").requestId("r").build();
    ChatModelException s = e.toBuilder(Failure.STREAM_INTERRUPTED).build();
    assertEquals(Failure.STREAM_INTERRUPTED, s.failure());
    assertEquals("r", s.requestId().orElseThrow());
  }
}
