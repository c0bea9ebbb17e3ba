package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded mutation fuzzing of every provider parser through the real provider: each provider's JSON answer parser
 * through {@code chat()} and its stream parser (SSE, or NDJSON for Ollama) through {@code stream()}, fed by an
 * in-process stub (no socket, so thousands of inputs per parser run in seconds). Every input must end in a response
 * or a classified {@link dev.crossfeed.ChatModelException}: never another exception type, never a hang, and never
 * more than a bounded allocation per input byte.
 */
@Timeout(120)
@Order(3)
class ProviderFuzzTest {
  /** Inputs per parser; raise with {@code -Dcrossfeed.fuzz.cases=N}. */
  static final int CASES = Integer.getInteger("crossfeed.fuzz.cases", 5_000);
  static final ChatRequest REQUEST = ChatRequest.builder().user("hi").build();
  static final ApiKey KEY = ApiKey.of("sk-fuzz-key-0123456789");

  @ParameterizedTest
  @EnumSource(Provider.class)
  void unmutatedSeedsParseExactly(Provider p) {
    StubInterceptor stub = new StubInterceptor();
    ChatModel model = p.build("http://127.0.0.1:9", StubInterceptor.client(stub), KEY, Duration.ofSeconds(5));
    stub.answer(200, "application/json", p.jsonSeed().getBytes(StandardCharsets.UTF_8));
    assertHelloWithTool(model.chat(REQUEST));
    stub.answer(200, p.streamContentType, p.streamSeed().getBytes(StandardCharsets.UTF_8));
    try (ChatStream s = model.stream(REQUEST)) {
      assertHelloWithTool(s.response());
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void jsonParserSurvivesMutatedBodies(Provider p) {
    fuzz(p, false, 0xC0FFEEL + p.ordinal());
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void streamParserSurvivesMutatedStreams(Provider p) {
    fuzz(p, true, 0x5EEDL + p.ordinal());
  }

  private static void fuzz(Provider p, boolean stream, long seed) {
    StubInterceptor stub = new StubInterceptor();
    ChatModel model = p.build("http://127.0.0.1:9", StubInterceptor.client(stub), KEY, Duration.ofSeconds(5));
    byte[] sample = (stream ? p.streamSeed() : p.jsonSeed()).getBytes(StandardCharsets.UTF_8);
    String contentType = stream ? p.streamContentType : "application/json";
    Mutator mutator = new Mutator(seed, p);
    Tally tally = new Tally(p.id() + (stream ? " " + p.streamParser() + " via stream()" : " json via chat()"));
    for (int i = 0; i < CASES; i++) {
      Mutator.Mutant m = mutator.next(sample);
      stub.answer(200, contentType, m.bytes());
      long a0 = Tally.allocated();
      long t0 = System.nanoTime();
      String outcome;
      try {
        outcome = stream ? Probe.stream(model, REQUEST) : Probe.chat(model, REQUEST);
      } catch (Throwable t) {
        throw new AssertionError(describe(p, stream, i, m) + " ended in " + t, t);
      }
      long nanos = System.nanoTime() - t0;
      long allocated = Tally.allocated() - a0;
      tally.add(m.kind().name(), m.bytes().length, outcome, nanos, allocated);
      if (outcome.equals(Failure.CANCELLED.name()) || outcome.equals(Failure.TIMEOUT.name())) {
        fail(describe(p, stream, i, m) + " was classified " + outcome + " though nobody cancelled and nothing waited");
      }
      if (nanos > Duration.ofSeconds(2).toNanos()) fail(describe(p, stream, i, m) + " took " + nanos / 1_000_000 + " ms");
      long budget = 64L * m.bytes().length + (16L << 20);
      if (allocated > budget) {
        fail(describe(p, stream, i, m) + " allocated " + allocated + " bytes for " + m.bytes().length + " input bytes");
      }
    }
    Report.line("fuzz " + tally.summary());
    assertEquals(CASES, tally.inputs());
    assertTrue(tally.outcomes().containsKey(Probe.OK), "some mutants still parse: " + tally.outcomes());
    assertTrue(tally.outcomes().size() > 1, "some mutants are rejected: " + tally.outcomes());
  }

  static String describe(Provider p, boolean stream, int i, Mutator.Mutant m) {
    String text = new String(m.bytes(), StandardCharsets.UTF_8);
    String preview = text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text;
    return p.id() + (stream ? " stream" : " json") + " case " + i + " (" + m.kind() + ", input: " + preview + ")";
  }

  static void assertHelloWithTool(ChatResponse r) {
    assertEquals("Hello", r.text());
    assertEquals(1, r.toolCalls().size(), "tool calls: " + r.toolCalls());
    assertEquals("f", r.toolCalls().get(0).name());
    assertEquals("{\"a\":1}", r.toolCalls().get(0).argumentsJson().replace(" ", ""));
    assertEquals(9, r.usage().inputTokens());
    assertEquals(3, r.usage().outputTokens());
  }
}
