package dev.crossfeed.openai;

import dev.crossfeed.Capability;
import dev.crossfeed.ModelCatalog;
import dev.crossfeed.ModelInfo;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a model's {@link ModelInfo}: the bundled catalog entry over the host's default capabilities, then the
 * caller's override for the configured model. Azure deployments named like an OpenAI model (the common case)
 * borrow that model's figures, reported under the {@code azure-openai} provider.
 */
final class ModelInfos {
  private ModelInfos() {}

  static ModelInfo resolve(HostClient host, String model) {
    return resolve(host, model, host.host.defaultCapabilities());
  }

  static ModelInfo resolve(HostClient host, String model, Set<Capability> defaultCapabilities) {
    ModelInfo defaults = ModelInfo.builder(host.providerId, model).capabilities(defaultCapabilities).build();
    ModelCatalog catalog = ModelCatalog.bundled();
    Optional<ModelInfo> entry = catalog.lookup(host.providerId, model);
    if (entry.isEmpty() && host.host == OpenAiHost.AZURE) entry = catalog.lookup(OpenAiHost.OPENAI.providerId(), model);
    ModelInfo info =
        entry.map(e -> defaults.overriddenBy(e).overriddenBy(ModelInfo.builder(host.providerId, model).build()))
            .orElse(defaults);
    if (host.infoOverride != null && model.equals(host.model)) info = info.overriddenBy(host.infoOverride);
    return info;
  }
}
