package dev.crossfeed.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.testing.ChatModelConformanceKit;
import dev.crossfeed.testing.ChatPath;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared conformance kit against the OpenAI fake, through sync, async, stream and async-stream. */
class OpenAiConformanceTest extends ChatModelConformanceKit<FakeOpenAiServer> {
  @Override
  protected FakeOpenAiServer createServer() {
    return new FakeOpenAiServer();
  }

  @Override
  protected ChatModel createModel(FakeOpenAiServer server, Duration timeout) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model("gpt-4o-mini").timeout(timeout).build();
  }

  @Override
  protected Optional<EmbeddingModel> createEmbeddingModel(FakeOpenAiServer server, Duration timeout) {
    return Optional.of(
        OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-test")).model("text-embedding-3-small").timeout(timeout).build());
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected boolean reportsDetailedUsage() {
    return true;
  }

  static Stream<ChatPath> callPaths() {
    return Stream.of(ChatPath.values());
  }

  /** Beyond the kit: the key travels as a Bearer token, and streams ask for usage. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("callPaths")
  public void sendsBearerKeyAndStreamUsage(ChatPath path) {
    server().enqueue(FakeResponse.text("ok").usage(4, 1));
    assertEquals(4, run(path, ChatRequest.of("Hi")).orFail().usage().inputTokens());
    FakeRequest sent = takeOnly();
    assertEquals("Bearer sk-test", sent.header("authorization").orElseThrow());
  }
}
