package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same mutation fuzzing over real sockets: a MockWebServer dispatcher serves each mutated body chunked in random
 * pieces (1 to 512 bytes), so parsers meet events split anywhere across reads. Also 10 MB single lines for every
 * parser. Every input ends in a response or a classified exception within the model's timeout, and the client's
 * pool is clean afterwards.
 */
@Timeout(120)
@Order(5)
class SocketFuzzTest {
  static final int CASES = Integer.getInteger("crossfeed.fuzz.socketCases", 600);
  static final ChatRequest REQUEST = ChatRequest.of("hi");
  static final ApiKey KEY = ApiKey.of("sk-socket-fuzz-0123456789");

  static MockWebServer server;
  static OkHttpClient client;
  static volatile MockResponse next;

  @BeforeAll
  static void start() throws Exception {
    Hygiene.install();
    server = new MockWebServer();
    server.setServerSocketFactory(NoDelaySockets.server());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return next;
          }
        });
    server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    client = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE).connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    Hygiene.assertClean(client, "socket fuzz");
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void parsersSurviveMutatedBodiesSplitAcrossReads(Provider p) {
    ChatModel model = model(p);
    for (boolean stream : new boolean[] {false, true}) {
      Random chunks = new Random(42 + p.ordinal());
      Mutator mutator = new Mutator(0xB0B0L + p.ordinal() + (stream ? 100 : 0), p);
      byte[] sample = (stream ? p.streamSeed() : p.jsonSeed()).getBytes(StandardCharsets.UTF_8);
      Tally tally = new Tally(p.id() + (stream ? " " + p.streamParser() : " json") + " over a socket");
      for (int i = 0; i < CASES; i++) {
        Mutator.Mutant m = mutator.next(sample);
        serve(m.bytes(), stream ? p.streamContentType : "application/json", 1 + chunks.nextInt(512));
        long t0 = System.nanoTime();
        String outcome;
        try {
          outcome = stream ? Probe.stream(model, REQUEST) : Probe.chat(model, REQUEST);
        } catch (Throwable t) {
          throw new AssertionError(ProviderFuzzTest.describe(p, stream, i, m) + " ended in " + t, t);
        }
        long nanos = System.nanoTime() - t0;
        tally.add(m.kind().name(), m.bytes().length, outcome, nanos, 0);
        if (outcome.equals(Failure.TIMEOUT.name()) || outcome.equals(Failure.CANCELLED.name())) {
          fail(ProviderFuzzTest.describe(p, stream, i, m) + " was classified " + outcome + " though the body was complete");
        }
      }
      Report.line("fuzz " + tally.summary());
      assertEquals(CASES, tally.inputs());
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void tenMegabyteSingleLinesAreBoundedAndClassified(Provider p) {
    ChatModel model = model(p);
    String huge = "x".repeat(10 << 20);
    // a JSON answer whose text is one 10 MB string, on one line: under the 32 MiB body cap, so it may be an answer
    String json = p.jsonSeed().replace("\"Hello\"", "\"" + huge + "\"");
    serve(json.getBytes(StandardCharsets.UTF_8), "application/json", 64 * 1024);
    String jsonOutcome = Probe.chat(model, REQUEST);
    assertTrue(jsonOutcome.equals(Probe.OK) || jsonOutcome.equals(Failure.INVALID_RESPONSE.name()), jsonOutcome);
    // a stream event that is one 10 MB line: over the 1 MiB line cap
    String stream = p.streamSeed().replace("Hel", huge);
    serve(stream.getBytes(StandardCharsets.UTF_8), p.streamContentType, 64 * 1024);
    long a0 = Tally.allocated();
    String streamOutcome = Probe.stream(model, REQUEST);
    long allocated = Tally.allocated() - a0;
    assertEquals(Failure.INVALID_RESPONSE.name(), streamOutcome, "a 10 MB stream line is rejected before any content");
    assertTrue(allocated < 40L << 20, "rejecting the line allocated " + allocated + " bytes");
    // and a line with no end at all
    byte[] endless = new byte[10 << 20];
    Arrays.fill(endless, (byte) '{');
    serve(endless, p.streamContentType, 64 * 1024);
    assertEquals(Failure.INVALID_RESPONSE.name(), Probe.stream(model, REQUEST));
    Report.line("fuzz " + p.id() + " 10 MB single lines: json answer " + jsonOutcome + ", stream line " + streamOutcome
        + " (thread allocated " + allocated / (1 << 20) + " MiB), unterminated 10 MB line INVALID_RESPONSE");
  }

  private static ChatModel model(Provider p) {
    String root = server.url("/").toString().replaceAll("/$", "");
    return p.build(root, client, KEY, Duration.ofSeconds(10));
  }

  private static void serve(byte[] body, String contentType, int maxChunk) {
    next = new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", contentType)
        .chunkedBody(new Buffer().write(body), maxChunk)
        .build();
  }
}
