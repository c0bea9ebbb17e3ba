package dev.crossfeed.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ContentPart;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.Failure;
import dev.crossfeed.testing.ChatModelConformanceKit;
import dev.crossfeed.testing.ChatPath;
import dev.crossfeed.testing.FakeOllamaServer;
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

/** The shared conformance kit against {@link FakeOllamaServer}, plus Ollama's documented deviations. */
class OllamaConformanceTest extends ChatModelConformanceKit<FakeOllamaServer> {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  @Override
  protected FakeOllamaServer createServer() {
    return new FakeOllamaServer();
  }

  @Override
  protected ChatModel createModel(FakeOllamaServer server, Duration timeout) {
    return OllamaChatModel.builder().baseUrl(server.baseUrl()).model("llama3.2").timeout(timeout).build();
  }

  @Override
  protected Optional<EmbeddingModel> createEmbeddingModel(FakeOllamaServer server, Duration timeout) {
    return Optional.of(OllamaEmbeddingModel.builder().baseUrl(server.baseUrl()).model("all-minilm").timeout(timeout).build());
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.STREAMING, Capability.TOOLS, Capability.JSON_SCHEMA, Capability.VISION, Capability.REASONING, Capability.EMBEDDINGS);
  }

  /** Ollama takes images only inline; the kit's scenario mixes in an https URL. See {@link #sendsInlineImages}. */
  @Override
  @ParameterizedTest
  @EnumSource(ChatPath.class)
  @Disabled("Ollama accepts only base64 images; an https image URL is refused with INVALID_REQUEST (never fetched)")
  public void sendsImages(ChatPath path) {}

  /** Ollama has no content filter, so no answer can report one; the fake renders CONTENT_FILTERED as stop. */
  @Override
  @ParameterizedTest
  @EnumSource(ChatPath.class)
  @Disabled("Ollama has no content filter: no done_reason or error signals filtering")
  public void reportsFilteredContent(ChatPath path) {}

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void sendsInlineImages(ChatPath path) {
    server().enqueue(FakeResponse.text("A cat and a dot."));
    ChatRequest request =
        ChatRequest.builder()
            .user(
                ContentPart.text("What is in these?"),
                ContentPart.imageUrl("data:image/png;base64,iVBORw0KGgo="),
                ContentPart.imageBytes(PNG, "image/png"))
            .build();
    run(path, request).orFail();
    FakeRequest sent = takeOnly();
    assertEquals(2, sent.imageCount());
    assertEquals(List.of("What is in these?"), sent.texts(FakeRequest.Role.USER));
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void refusesImageUrlsWithoutACall(ChatPath path) {
    ChatRequest request =
        ChatRequest.builder().user(ContentPart.text("What is this?"), ContentPart.imageUrl("https://example.com/cat.png")).build();
    ChatModelException e = run(path, request).failure();
    assertEquals(Failure.INVALID_REQUEST, e.failure());
    assertEquals(0, server().requestCount());
  }

  @ParameterizedTest
  @EnumSource(ChatPath.class)
  void streamsReasoningAndReportsIt(ChatPath path) {
    server().enqueue(FakeResponse.text("Paris.").reasoning("The capital of France is Paris."));
    assertEquals("The capital of France is Paris.", run(path, ChatRequest.of("Capital of France?")).orFail().reasoning());
  }
}
