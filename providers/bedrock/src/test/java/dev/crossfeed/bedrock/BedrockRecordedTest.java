package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.FinishReason;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.Usage;
import dev.crossfeed.testing.recorded.Httprr;
import dev.crossfeed.testing.recorded.RecordedExchange;
import dev.crossfeed.testing.recorded.RecordedFixtures;
import dev.crossfeed.testing.recorded.VcrCassette;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays the recorded Bedrock traffic in ../shared/fixtures/recorded/bedrock/ through {@link BedrockChatModel}:
 * Converse bodies on chat, the binary ConverseStream bodies on stream (served in small HTTP chunks, so frames are
 * cut across reads), recorded errors through the classifier, and recorded request paths.
 */
@Timeout(30)
class BedrockRecordedTest {
  @StartStop MockWebServer server = new MockWebServer();

  private BedrockChatModel model(String id) {
    return BedrockChatModel.builder().baseUrl(server.url("/").toString()).region("us-east-1")
        .apiKey(ApiKey.of("bedrock-api-key-recorded")).model(id).build();
  }

  private static RecordedExchange recorded(String file, int i) {
    return VcrCassette.read(RecordedFixtures.file("bedrock/" + file)).get(i);
  }

  /** The recorded stream body, served chunked in pieces of {@code chunk} bytes. */
  private static MockResponse stream(byte[] body, int chunk) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/vnd.amazon.eventstream")
        .setHeader("x-amzn-RequestId", "rec-1").chunkedBody(new Buffer().write(body), chunk).build();
  }

  @Test
  void converseWithReasoningAndAToolCall() throws Exception {
    RecordedExchange x = recorded("test_bedrock_anthropic_tool_with_thinking.yaml", 0);
    server.enqueue(x.response().toMockResponse());
    ChatResponse r = model("us.anthropic.claude-3-7-sonnet-20250219-v1:0").chat(ChatRequest.of("What is the largest city?"));
    assertEquals("I'll need to check what country you're from to answer that question.", r.text());
    assertTrue(r.reasoning().startsWith("The user is asking for the largest city in their country."));
    assertEquals(List.of(new ToolCall("tooluse_W9DaUFg4Tj2cRPpndqxWSg", "get_user_country", "{}")), r.toolCalls());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Usage(397, 130, 0, 0), r.usage());
    RecordedRequest sent = server.takeRequest();
    assertEquals(x.request().uri().replaceFirst("https://[^/]+", ""), sent.getUrl().encodedPath(), "the recorded path, %3A and all");
  }

  @Test
  void cacheWriteThenRead() throws Exception {
    for (int i = 0; i < 2; i++) server.enqueue(recorded("test_bedrock_cache_write_and_read.yaml", i).response().toMockResponse());
    BedrockChatModel m = model("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    assertEquals(new Usage(1324, 5, 0, 0), m.chat(ChatRequest.of("x")).usage());
    assertEquals(new Usage(1324, 5, 1322, 0), m.chat(ChatRequest.of("x")).usage());
  }

  @Test
  void anApplicationInferenceProfileArnIsSentAsRecorded() throws Exception {
    RecordedExchange x = recorded("test_bedrock_inference_profile_converse.yaml", 0);
    server.enqueue(x.response().toMockResponse());
    String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/mi1dadi0g15f";
    assertEquals("Hello", model(arn).chat(ChatRequest.of("Say \"hello\" and nothing else.")).text());
    assertEquals(x.request().uri().replaceFirst("https://[^/]+", ""), server.takeRequest().getUrl().encodedPath());
  }

  @Test
  void maxTokensIsLength() {
    server.enqueue(recorded("test_bedrock_model_max_tokens.yaml", 0).response().toMockResponse());
    assertEquals(FinishReason.LENGTH, model("us.amazon.nova-micro-v1:0").chat(ChatRequest.of("x")).finishReason());
  }

  @Test
  void recordedStreamsReplayInSmallChunks() throws Exception {
    for (int chunk : new int[] {1, 7, 100, 4096}) {
      byte[] body = recorded("test_bedrock_model_stream.yaml", 0).response().body();
      server.enqueue(stream(body, chunk));
      List<StreamEvent> events = new ArrayList<>();
      ChatResponse r;
      try (ChatStream s = model("us.amazon.nova-micro-v1:0").stream(ChatRequest.of("What is the capital of France?"))) {
        s.forEach(events::add);
        r = s.response();
      }
      assertTrue(r.text().startsWith("The capital of France is Paris."), r.text());
      assertEquals(FinishReason.STOP, r.finishReason());
      assertTrue(r.usage().inputTokens() > 0);
      assertEquals(Optional.of("rec-1"), r.requestId());
      assertTrue(events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count() > 3, "chunk " + chunk);
      assertEquals("/model/us.amazon.nova-micro-v1%3A0/converse-stream", server.takeRequest().getUrl().encodedPath());
    }
  }

  @Test
  void recordedThinkingStreamsGiveReasoningAndText() throws Exception {
    for (String file : new String[] {"test_bedrock_model_thinking_part_stream.yaml", "test_bedrock_model_thinking_part_redacted_stream.yaml"}) {
      server.enqueue(stream(recorded(file, 0).response().body(), 33));
      ChatResponse r = model("us.anthropic.claude-sonnet-4-20250514-v1:0").stream(ChatRequest.of("x")).response();
      assertFalse(r.text().isEmpty(), file);
      if (!file.contains("redacted")) assertFalse(r.reasoning().isEmpty(), file);
    }
  }

  @Test
  void aRecordedStreamCutInsideAFrameIsInterruptedNeverAHang() {
    byte[] body = recorded("test_bedrock_model_stream.yaml", 0).response().body();
    server.enqueue(stream(Arrays.copyOf(body, body.length - 150), 64));
    ChatStream s = model("us.amazon.nova-micro-v1:0").stream(ChatRequest.of("x"));
    ChatModelException e = assertThrows(ChatModelException.class, () -> s.forEach(ev -> { }));
    assertEquals(Failure.STREAM_INTERRUPTED, e.failure());
    assertTrue(e.getMessage().contains("stream ended inside a message"), e.getMessage());
    assertTrue(e.partialResponse().orElseThrow().text().startsWith("The capital of France is Paris."));
  }

  @Test
  void aCorruptedFrameBeforeContentIsInvalidResponse() {
    byte[] body = recorded("test_bedrock_model_stream.yaml", 0).response().body().clone();
    body[20] ^= 0x40; // inside the first (messageStart) frame's headers
    server.enqueue(stream(body, 512));
    ChatModelException e = assertThrows(ChatModelException.class,
        () -> model("us.amazon.nova-micro-v1:0").stream(ChatRequest.of("x")).response());
    assertEquals(Failure.INVALID_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("message CRC mismatch"), e.getMessage());
  }

  @Test
  void recordedErrors() {
    server.enqueue(recorded("test_bedrock_error.yaml", 0).response().toMockResponse());
    ChatModelException invalidModel = assertThrows(ChatModelException.class,
        () -> model("us.does-not-exist-model-v1:0").chat(ChatRequest.of("hello")));
    assertEquals(Failure.MODEL_NOT_FOUND, invalidModel.failure());
    assertTrue(invalidModel.getMessage().contains("The provided model identifier is invalid."), invalidModel.getMessage());

    RecordedExchange denied = Httprr.read(RecordedFixtures.file("bedrock/TestAmazonNova.httprr")).get(0);
    server.enqueue(denied.response().toMockResponse());
    ChatModelException e = assertThrows(ChatModelException.class, () -> model("us.amazon.nova-micro-v1:0").chat(ChatRequest.of("x")));
    assertEquals(Failure.PERMISSION, e.failure());
    assertEquals(Optional.of("63e33e55-4ca9-49ef-9744-86ae82e7fb7e"), e.requestId());
    assertEquals(java.util.OptionalInt.of(403), e.status());
  }
}
