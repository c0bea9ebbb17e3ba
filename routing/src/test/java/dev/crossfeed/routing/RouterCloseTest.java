package dev.crossfeed.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import dev.crossfeed.testing.ScriptedChatModel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A router closes what it created (a config's models only its route uses), never what the caller passed in. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouterCloseTest {
  /** Counts close() per model id. */
  static final class Closing implements ChatModelFactory {
    final Map<String, AtomicInteger> closed = new ConcurrentHashMap<>();

    @Override
    public Set<String> providerIds() {
      return Set.of("closing");
    }

    @Override
    public ChatModel chatModel(ProviderConfig config) {
      ScriptedChatModel inner = ScriptedChatModel.answering("from " + config.model());
      AtomicInteger count = closed.computeIfAbsent(config.model(), k -> new AtomicInteger());
      return new ChatModel() {
        @Override
        public ChatResponse chat(ChatRequest request) {
          return inner.chat(request);
        }

        @Override
        public ChatStream stream(ChatRequest request) {
          return inner.stream(request);
        }

        @Override
        public ModelInfo info() {
          return ModelInfo.builder("closing", config.model()).build();
        }

        @Override
        public void close() {
          count.incrementAndGet();
        }
      };
    }

    int closes(String model) {
      return closed.get(model).get();
    }
  }

  @Test
  void aRouterNeverClosesTheModelsItWasGivenAndRefusesCallsOnceClosed() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    ScriptedChatModel inner = ScriptedChatModel.answering("hi");
    ChatModel mine =
        new ChatModel() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            return inner.chat(request);
          }

          @Override
          public ChatStream stream(ChatRequest request) {
            return inner.stream(request);
          }

          @Override
          public ModelInfo info() {
            return inner.info();
          }

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    Router r = Router.builder().model("mine", mine).build();
    assertEquals("hi", r.chat("x").text());

    r.close();
    r.close();

    assertEquals(0, closes.get(), "the caller's model is the caller's to close");
    assertEquals(Failure.CANCELLED, assertThrows(ChatModelException.class, () -> r.chat("x")).failure());
    assertEquals(Failure.CANCELLED, assertThrows(ChatModelException.class, () -> r.stream(ChatRequest.of("x"))).failure());
    ExecutionException async = assertThrows(ExecutionException.class, () -> r.chatAsync(ChatRequest.of("x")).get());
    assertEquals(Failure.CANCELLED, ((ChatModelException) async.getCause()).failure());
  }

  @Test
  void aConfigRouterClosesTheModelsOnlyItsRouteUsesAndTheConfigClosesTheRest() {
    String json =
        "{\"models\": {\"solo\": {\"provider\": \"closing\", \"model\": \"solo\"},"
            + " \"shared\": {\"provider\": \"closing\", \"model\": \"shared\"}},"
            + " \"routes\": {\"a\": {\"models\": [\"solo\", \"shared\"]}, \"b\": {\"models\": [\"shared\"]}}}";
    Closing factory = new Closing();
    RoutingConfig config = RoutingConfigLoader.create().environment(Map.of()).factory(factory).load(json, "c.json");

    config.router("a").close();
    assertEquals(1, factory.closes("solo"));
    assertEquals(0, factory.closes("shared"), "route b still uses it");
    assertEquals("from shared", config.router("b").chat("x").text());

    config.close();
    assertEquals(1, factory.closes("shared"));
    assertEquals(Failure.CANCELLED, assertThrows(ChatModelException.class, () -> config.router("b").chat("x")).failure());
  }
}
