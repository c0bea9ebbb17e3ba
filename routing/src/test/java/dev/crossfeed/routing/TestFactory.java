package dev.crossfeed.routing;

import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.EmbeddingResponse;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.Usage;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import dev.crossfeed.testing.Outcome;
import dev.crossfeed.testing.ScriptedChatModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A provider factory for config tests: creates scripted models answering "from <model id>" and records the
 * configs it received. Also registered through META-INF/services under the id {@code spi-test}.
 */
public class TestFactory implements ChatModelFactory {
  final List<ProviderConfig> configs = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> ids;

  public TestFactory() {
    this(Set.of("spi-test"));
  }

  TestFactory(Set<String> ids) {
    this.ids = ids;
  }

  @Override
  public Set<String> providerIds() {
    return ids;
  }

  @Override
  public ChatModel chatModel(ProviderConfig config) {
    configs.add(config);
    if (config.options().containsKey("reject")) throw new IllegalArgumentException("unknown option: reject");
    ModelInfo base = ModelInfo.builder(config.provider(), config.model()).build();
    ModelInfo info = config.infoOverride().map(base::overriddenBy).orElse(base);
    return ScriptedChatModel.builder().info(info).defaultOutcome(Outcome.text("from " + config.model())).build();
  }

  @Override
  public Optional<EmbeddingModel> embeddingModel(ProviderConfig config) {
    configs.add(config);
    ModelInfo info = ModelInfo.builder(config.provider(), config.model()).build();
    return Optional.of(
        new EmbeddingModel() {
          @Override
          public EmbeddingResponse embed(List<String> inputs) {
            List<float[]> out = new ArrayList<>();
            for (String s : inputs) out.add(new float[] {s.length()});
            return new EmbeddingResponse(out, Usage.of(inputs.size(), 0), config.model());
          }

          @Override
          public ModelInfo info() {
            return info;
          }
        });
  }
}
