package dev.crossfeed.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ContentPart;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.testing.ChatModelConformanceKit;
import dev.crossfeed.testing.ChatPath;
import dev.crossfeed.testing.FakeGeminiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared conformance kit against {@link FakeGeminiServer}, plus Gemini specifics the kit cannot see. */
class GeminiConformanceTest extends ChatModelConformanceKit<FakeGeminiServer> {
  static final String KEY = "AIza-conformance-key";

  @Override
  protected FakeGeminiServer createServer() {
    return new FakeGeminiServer();
  }

  @Override
  protected ChatModel createModel(FakeGeminiServer server, Duration timeout) {
    return GeminiChatModel.builder().apiKey(ApiKey.of(KEY)).model("gemini-2.5-flash").baseUrl(server.baseUrl())
        .timeout(timeout).build();
  }

  @Override
  protected Optional<EmbeddingModel> createEmbeddingModel(FakeGeminiServer server, Duration timeout) {
    return Optional.of(GeminiEmbeddingModel.builder().apiKey(ApiKey.of(KEY)).model("gemini-embedding-001")
        .baseUrl(server.baseUrl()).timeout(timeout).build());
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.TOOLS, Capability.VISION, Capability.JSON_SCHEMA, Capability.STREAMING,
        Capability.EMBEDDINGS, Capability.REASONING);
  }

  /** Replaced by {@link #sendsInlineAndDataUrlImages}: the kit's version sends a web image URL. */
  @Override
  @ParameterizedTest
  @EnumSource(ChatPath.class)
  @Disabled("Gemini cannot fetch web image URLs (only inline data, Files API or gs:// URIs); the provider refuses"
      + " https://example.com/cat.png with INVALID_REQUEST before any call")
  public void sendsImages(ChatPath path) {}

  @Override
  protected boolean reportsDetailedUsage() {
    return true;
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void responseIdIsTheRequestIdAndTheKeyTravelsInItsHeader(ChatPath path) {
    server().enqueue(FakeResponse.text("Hi").requestId("resp_42"));
    ChatResponse r = run(path, ChatRequest.of("Hi")).orFail();
    assertEquals(Optional.of("resp_42"), r.requestId());
    assertEquals(Optional.of(KEY), takeOnly().header("x-goog-api-key"));
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void sendsInlineAndDataUrlImages(ChatPath path) {
    server().enqueue(FakeResponse.text("A cat and a dot."));
    ChatRequest request = ChatRequest.builder()
        .user(ContentPart.text("What is in these?"), ContentPart.imageUrl("data:image/png;base64,iVBORw0KGgo="),
            ContentPart.imageBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png"))
        .build();
    run(path, request).orFail();
    FakeRequest sent = takeOnly();
    assertEquals(2, sent.imageCount(), "images sent");
    assertEquals(List.of("What is in these?"), sent.texts(FakeRequest.Role.USER));
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void reasoningIsReturned(ChatPath path) {
    server().enqueue(FakeResponse.text("42").reasoning("Let me think. Six times seven."));
    ChatResponse r = run(path, ChatRequest.of("6*7?")).orFail();
    assertEquals("Let me think. Six times seven.", r.reasoning());
    assertEquals("42", r.text());
  }
}
