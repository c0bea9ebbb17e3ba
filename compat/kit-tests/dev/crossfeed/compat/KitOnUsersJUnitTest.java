package dev.crossfeed.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.openai.OpenAiEmbeddingModel;
import dev.crossfeed.testing.ChatModelConformanceKit;
import dev.crossfeed.testing.FakeOpenAiServer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole conformance kit (every scenario, every call path) against the OpenAI fake, run on the JUnit version
 * of the module that compiles this file, as a provider author's own test class would be.
 */
class KitOnUsersJUnitTest extends ChatModelConformanceKit<FakeOpenAiServer> {
  @Override
  protected FakeOpenAiServer createServer() {
    return new FakeOpenAiServer();
  }

  @Override
  protected ChatModel createModel(FakeOpenAiServer server, Duration timeout) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-compat-test"))
        .model("gpt-4o-mini").timeout(timeout).build();
  }

  @Override
  protected Optional<EmbeddingModel> createEmbeddingModel(FakeOpenAiServer server, Duration timeout) {
    return Optional.of(OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey(ApiKey.of("sk-compat-test"))
        .model("text-embedding-3-small").timeout(timeout).build());
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected boolean reportsDetailedUsage() {
    return true;
  }

  /** Without this the module could silently run on the parent's JUnit and prove nothing. */
  @Test
  void runsOnTheJUnitThisModuleDeclares() {
    String expected = System.getProperty("crossfeed.compat.junit");
    assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api on the test classpath");
  }
}
