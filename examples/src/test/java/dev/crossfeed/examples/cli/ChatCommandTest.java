package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @AutoClose final FakeOpenAiServer gpt = new FakeOpenAiServer();
  @AutoClose final FakeAnthropicServer claude = new FakeAnthropicServer();
  @TempDir Path dir;
  String config;

  @BeforeEach
  void writeConfig() {
    config = Cli.config(dir, gpt.baseUrl(), claude.baseUrl()).toString();
  }

  @Test
  void printsTheAnswerOfTheDefaultRoute() {
    gpt.enqueue(FakeResponse.text("Hello there!"));

    Cli.Result r = Cli.run("chat", "--config", config, "Say", "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("Hello there!\n", r.out());
    assertEquals("", r.err());
    FakeRequest sent = gpt.takeRequest();
    assertEquals(List.of("Say hi"), sent.texts(FakeRequest.Role.USER));
    assertEquals("Bearer " + Cli.ENV_KEY, sent.header("authorization").orElseThrow()); // the key was used, never shown
    assertFalse(sent.stream());
  }

  @Test
  void routeFlagPicksTheNamedRoute() {
    claude.enqueue(FakeResponse.text("from the claude"));

    Cli.Result r = Cli.run("chat", "--route", "claudeOnly", "--config", config, "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("from the claude\n", r.out());
    assertEquals(0, gpt.requestCount());
    assertEquals(Cli.FILE_KEY, claude.takeRequest().header("x-api-key").orElseThrow());
  }

  @Test
  void streamPrintsTheDeltasAsTheyArrive() {
    gpt.enqueue(FakeResponse.textChunks("Hel", "lo ", "world"));

    Cli.Result r = Cli.run("chat", "--config", config, "--stream", "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("Hello world\n", r.out());
    assertTrue(gpt.takeRequest().stream());
  }

  @Test
  void systemPromptAndMaxTokensAreSent() {
    gpt.enqueue(FakeResponse.text("ok"));

    Cli.Result r = Cli.run("chat", "--config", config, "--system", "Be brief.", "--max-tokens=42", "--", "-1 is negative?");

    assertEquals(0, r.code(), r::toString);
    FakeRequest sent = gpt.takeRequest();
    assertEquals("Be brief.", sent.system());
    assertEquals(42, sent.maxOutputTokens().orElseThrow());
    assertEquals(List.of("-1 is negative?"), sent.texts(FakeRequest.Role.USER));
  }

  @Test
  void traceWritesOneJsonLinePerAttemptThenTheResult() throws Exception {
    gpt.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    claude.enqueue(FakeResponse.text("fallback answer").usage(9, 9));

    Cli.Result r = Cli.run("chat", "--config", config, "--trace", "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("fallback answer\n", r.out());
    List<String> lines = r.errLines();
    assertEquals(3, lines.size(), r::toString);
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(List.of("event", "model", "outcome", "status", "latencyMs"), names(first));
    assertEquals("attempt", first.get("event").asText());
    assertEquals("gpt", first.get("model").asText());
    assertEquals("OVERLOADED", first.get("outcome").asText());
    assertEquals(503, first.get("status").asInt());
    assertTrue(first.get("latencyMs").isIntegralNumber() && first.get("latencyMs").asLong() >= 0);
    JsonNode second = JSON.readTree(lines.get(1));
    assertEquals("claude", second.get("model").asText());
    assertEquals("SUCCESS", second.get("outcome").asText());
    assertTrue(second.get("status").isNull());
    JsonNode result = JSON.readTree(lines.get(2));
    assertEquals(List.of("event", "model", "inputTokens", "outputTokens", "costUsd"), names(result));
    assertEquals("result", result.get("event").asText());
    assertEquals("claude", result.get("model").asText());
    assertEquals(9, result.get("inputTokens").asInt());
    assertEquals(9, result.get("outputTokens").asInt());
    assertEquals(9 * 1.0e-6 + 9 * 5.0e-6, result.get("costUsd").asDouble(), 1e-12);
    assertTrue(lines.get(2).endsWith("\"costUsd\":0.000054}"), lines.get(2)); // plain decimal, no exponent
  }

  @Test
  void traceOfAStreamedCall() throws Exception {
    gpt.enqueue(FakeResponse.text("never").errorAfter(0, Failure.OVERLOADED));
    claude.enqueue(FakeResponse.textChunks("stre", "amed").usage(5, 2));

    Cli.Result r = Cli.run("chat", "--config", config, "--stream", "--trace", "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("streamed\n", r.out());
    List<String> lines = r.errLines();
    assertEquals(3, lines.size(), r::toString);
    assertEquals("OVERLOADED", JSON.readTree(lines.get(0)).get("outcome").asText());
    assertEquals("claude", JSON.readTree(lines.get(2)).get("model").asText());
    assertEquals(2, JSON.readTree(lines.get(2)).get("outputTokens").asInt());
  }

  @Test
  void repeatPrintsOneSummaryLine() throws Exception {
    gpt.enqueue(FakeResponse.failure(Failure.OVERLOADED), FakeResponse.failure(Failure.OVERLOADED));
    for (int i = 0; i < 4; i++) gpt.enqueue(FakeResponse.text("gpt " + i));
    claude.enqueue(FakeResponse.text("claude 1"), FakeResponse.text("claude 2"));

    Cli.Result r = Cli.run("chat", "--config", config, "--repeat", "6", "--concurrency", "3", "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals(1, r.outLines().size(), r::toString);
    JsonNode s = JSON.readTree(r.out());
    assertEquals(List.of("requests", "succeeded", "failed", "byModel", "latencyMs"), names(s));
    assertEquals(6, s.get("requests").asInt());
    assertEquals(6, s.get("succeeded").asInt());
    assertEquals(0, s.get("failed").size());
    assertEquals(4, s.get("byModel").get("gpt").asInt());
    assertEquals(2, s.get("byModel").get("claude").asInt());
    assertEquals(List.of("p50", "p99"), names(s.get("latencyMs")));
    assertTrue(s.get("latencyMs").get("p50").asLong() <= s.get("latencyMs").get("p99").asLong());
    assertEquals("", r.err());
    assertEquals(6, gpt.requestCount());
  }

  @Test
  void repeatCountsFailuresByKindAndExitsOne() throws Exception {
    claude.enqueue(FakeResponse.text("a"), FakeResponse.failure(Failure.SERVER_ERROR), FakeResponse.text("b"));

    Cli.Result r = Cli.run("chat", "--config", config, "--route", "claudeOnly", "--repeat", "3", "--trace", "hi");

    assertEquals(1, r.code(), r::toString);
    JsonNode s = JSON.readTree(r.out());
    assertEquals(3, s.get("requests").asInt());
    assertEquals(2, s.get("succeeded").asInt());
    assertEquals(1, s.get("failed").get("SERVER_ERROR").asInt());
    assertEquals(2, s.get("byModel").get("claude").asInt());
    assertTrue(r.err().contains("1 of 3 requests failed"), r::toString);
    assertTrue(r.err().contains("SERVER_ERROR"), r::toString);
    long traceLines = r.errLines().stream().filter(l -> l.startsWith("{")).count();
    assertEquals(6, traceLines, r::toString); // per request: one attempt + result/failure
  }

  @Test
  void allModelsFailingExitsOneNamingTheLastFailureAndTheAttempts() {
    gpt.enqueue(FakeResponse.failure(Failure.SERVER_ERROR));
    claude.enqueue(FakeResponse.failure(Failure.OVERLOADED));

    Cli.Result r = Cli.run("chat", "--config", config, "hi");

    assertEquals(1, r.code(), r::toString);
    assertEquals("", r.out());
    List<String> err = r.errLines();
    assertTrue(err.get(0).startsWith("crossfeed chat: request failed: OVERLOADED"), r::toString);
    assertEquals("attempts:", err.get(1));
    assertTrue(err.get(2).matches("\\s+1\\s+gpt\\s+SERVER_ERROR\\s+HTTP 500\\s+\\d+ms"), err.get(2));
    assertTrue(err.get(3).matches("\\s+2\\s+claude\\s+OVERLOADED\\s+HTTP 529\\s+\\d+ms"), err.get(3));
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void failureWithTraceEndsWithAFailureLine() throws Exception {
    gpt.enqueue(FakeResponse.failure(Failure.SERVER_ERROR));
    claude.enqueue(FakeResponse.failure(Failure.OVERLOADED));

    Cli.Result r = Cli.run("chat", "--config", config, "--trace", "hi");

    assertEquals(1, r.code(), r::toString);
    List<String> json = new ArrayList<>();
    for (String l : r.errLines()) if (l.startsWith("{")) json.add(l);
    assertEquals(3, json.size(), r::toString);
    JsonNode last = JSON.readTree(json.get(2));
    assertEquals("failure", last.get("event").asText());
    assertEquals("OVERLOADED", last.get("failure").asText());
    assertEquals(529, last.get("status").asInt()); // Anthropic's overloaded status
  }

  @Test
  void aKeyEchoedByTheProviderIsNeverPrinted() {
    gpt.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("Incorrect API key provided: " + Cli.ENV_KEY));
    claude.enqueue(FakeResponse.failure(Failure.PERMISSION).message("key " + Cli.FILE_KEY + " may not use this model"));

    Cli.Result r = Cli.run("chat", "--config", config, "--trace", "hi"); // Cli.run asserts no key was printed

    assertEquals(1, r.code(), r::toString);
    assertTrue(r.err().contains("PERMISSION"), r::toString);
  }

  @Test
  void rateLimitedPrimaryFallsBackAtOnce() {
    gpt.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofSeconds(30)));
    claude.enqueue(FakeResponse.text("no waiting"));

    Cli.Result r = Cli.run("chat", "--config", config, "hi");

    assertEquals(0, r.code(), r::toString);
    assertEquals("no waiting\n", r.out());
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }
}
