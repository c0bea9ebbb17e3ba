package dev.crossfeed.openai;

import static dev.crossfeed.openai.TestSupport.KEY;
import static dev.crossfeed.openai.TestSupport.SENTINEL;
import static dev.crossfeed.openai.TestSupport.assertNoSentinel;
import static dev.crossfeed.openai.TestSupport.chat;
import static dev.crossfeed.openai.TestSupport.chunk;
import static dev.crossfeed.openai.TestSupport.jsonBuilder;
import static dev.crossfeed.openai.TestSupport.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.Failure;
import dev.crossfeed.openai.TestSupport.Path;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API key (a sentinel) never appears in an exception message or cause chain, a toString, or a log line, even
 * when a hostile server echoes it back in error bodies and stream events.
 */
@Timeout(60)
class SecretsTest {
  @StartStop MockWebServer server = new MockWebServer();

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
  }

  private String logText() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  private static void assertClean(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertNoSentinel(t.getMessage());
      assertNoSentinel(t.toString());
      if (t instanceof ChatModelException) {
        ChatModelException c = (ChatModelException) t;
        assertNoSentinel(c.providerMessage());
        assertNoSentinel(c.rateLimits().toString());
        c.partialResponse().ifPresent(p -> assertNoSentinel(p.toString()));
      }
      for (Throwable s : t.getSuppressed()) assertClean(s);
    }
  }

  @Test
  void echoedKeyIsScrubbedFromEveryFailureOnEveryPath() {
    String echo = "Incorrect API key provided: " + SENTINEL + ". You can find your API key at https://platform.openai.com.";
    List<MockResponse.Builder> replies =
        List.of(
            jsonBuilder(401, "{\"error\":{\"message\":\"" + echo + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"),
            jsonBuilder(400, "{\"object\":\"error\",\"message\":\"" + echo + "\",\"type\":\"invalid_request_error\"}"),
            jsonBuilder(500, "<html><title>" + echo + "</title></html>"),
            jsonBuilder(429, "{\"error\":\"" + echo + "\"}").setHeader("retry-after", "1"),
            jsonBuilder(200, "{\"error\":{\"message\":\"" + echo + "\",\"code\":401}}"));
    for (Path path : Path.values()) {
      for (MockResponse.Builder reply : replies) {
        server.enqueue(reply.build());
        ChatModelException e = TestSupport.fails(path, TestSupport.openai(server), ChatRequest.of("x"));
        assertTrue(e.providerMessage().contains("[redacted]") || e.providerMessage().isEmpty(), e.providerMessage());
        assertClean(e);
      }
    }
    assertEquals("Bearer " + SENTINEL, TestSupport.take(server).getHeaders().get("Authorization"), "the key did travel in its header");
    assertTrue(logText().contains("openai POST /v1/chat/completions"), "debug logs were captured: " + logText());
    assertNoSentinel(logText());
  }

  /**
   * Issue 15 item 8: a key reflected unquoted in a 200 body or stream event makes Jackson quote it ("Unrecognized
   * token '…'", up to the first character that cannot be in a Java identifier, so a key without a dash whole).
   */
  @Test
  void keyReflectedUnquotedInA200BodyOrStreamEventIsScrubbedFromMessageAndCauses() {
    String key = "SENTINELNODASH9f8e7d6c5b4a";
    ChatModel model = chat(server, OpenAiHost.OPENAI).apiKey(ApiKey.of(key)).build();
    for (Path path : Path.values()) {
      String body = "{\"id\": " + key + "}";
      server.enqueue(path.name().startsWith("STREAM") ? sse("data: " + body + "\n\n") : TestSupport.jsonBuilder(200, body).build());
      ChatModelException e = TestSupport.fails(path, model, ChatRequest.of("x"));
      assertEquals(Failure.INVALID_RESPONSE, e.failure(), path + ": " + e);
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      assertTrue(!trace.toString().contains(key), path + " leaked the key: " + trace);
    }
  }

  @Test
  void echoedKeyInStreamErrorsIsScrubbed() {
    server.enqueue(sse("data: {\"error\":{\"message\":\"bad key " + SENTINEL + "\",\"type\":\"authentication_error\"}}\n\n"));
    assertClean(assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response()));
    server.enqueue(sse("data: " + chunk("{\"content\":\"a\"}", null) + "\n\nevent: error\ndata: {\"error\":{\"message\":\"key " + SENTINEL + "\"}}\n\n"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> TestSupport.openai(server).stream(ChatRequest.of("x")).response());
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertClean(e);
    assertNoSentinel(logText());
  }

  @Test
  void timeoutsAndConnectionFailuresCarryNoKey() throws Exception {
    server.enqueue(jsonBuilder(200, "{}").headersDelay(10, TimeUnit.SECONDS).build());
    ChatModel impatient = chat(server, OpenAiHost.OPENAI).timeout(java.time.Duration.ofMillis(200)).build();
    for (Path path : Path.values()) {
      ChatModelException e = TestSupport.fails(path, impatient, ChatRequest.of("x"));
      assertClean(e);
    }
    ChatModel m = TestSupport.openai(server);
    server.close();
    for (Path path : Path.values()) assertClean(TestSupport.fails(path, m, ChatRequest.of("x")));
    assertNoSentinel(logText());
  }

  @Test
  void toStringsNeverShowTheKey() {
    OpenAiChatModel.Builder builder = chat(server, OpenAiHost.AZURE).baseUrl("https://res.openai.azure.com/?sig=" + SENTINEL)
        .header("X-Secret", SENTINEL);
    assertNoSentinel(builder.toString());
    OpenAiChatModel model = builder.build();
    assertNoSentinel(model.toString());
    assertTrue(model.toString().contains("azure-openai/gpt-4o-mini"), model.toString());
    assertNoSentinel(model.info().toString());
    OpenAiEmbeddingModel.Builder eb = OpenAiEmbeddingModel.builder().apiKey(KEY).model("text-embedding-3-small");
    assertNoSentinel(eb.toString());
    assertNoSentinel(eb.build().toString());
    ProviderConfig config = ProviderConfig.builder("groq", "llama").apiKey(KEY).build();
    assertNoSentinel(config.toString());
    assertNoSentinel(ChatModelFactory.forProvider("groq").orElseThrow().chatModel(config).toString());
  }

  @Test
  void invalidKeysAndHeadersAreRejectedWithoutEchoingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKey.of(SENTINEL + "é"));
    assertNoSentinel(e.getMessage());
    IllegalArgumentException h =
        assertThrows(IllegalArgumentException.class, () -> chat(server, OpenAiHost.OPENAI).header("X-Key", SENTINEL + "\r\nX-Evil: 1"));
    assertNoSentinel(h.getMessage());
    IllegalArgumentException f =
        assertThrows(IllegalArgumentException.class,
            () -> ChatModelFactory.forProvider("openai").orElseThrow()
                .chatModel(ProviderConfig.builder("openai", "m").apiKey(KEY).option("header.X-Key", SENTINEL + "\n").build()));
    assertNoSentinel(f.getMessage());
  }

  @Test
  void embeddingFailuresCarryNoKey() {
    server.enqueue(jsonBuilder(401, "{\"error\":{\"message\":\"key " + SENTINEL + " is wrong\"}}").build());
    EmbeddingModel m = OpenAiEmbeddingModel.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY).model("e").build();
    ChatModelException e = assertThrows(ChatModelException.class, () -> m.embed(List.of("x")));
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertClean(e);
    assertNoSentinel(logText());
  }
}
