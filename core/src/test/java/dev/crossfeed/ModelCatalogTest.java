package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  @Test
  void bundledCatalogIsDatedAndFindsDatedModelIds() {
    ModelCatalog c = ModelCatalog.bundled();
    assertTrue(c.date().getYear() >= 2025);
    ModelInfo exact = c.lookup("openai", "gpt-4o-mini").orElseThrow();
    ModelInfo dated = c.lookup("openai", "gpt-4o-mini-2024-07-18").orElseThrow();
    assertEquals("gpt-4o-mini-2024-07-18", dated.id());
    assertEquals(exact.inputPricePerMTok(), dated.inputPricePerMTok());
    // longest prefix wins: gpt-4o-mini-x is not gpt-4o
    assertEquals(0.15, dated.inputPricePerMTok().getAsDouble());
    assertTrue(c.lookup("openai", "gpt-4o2").isEmpty());
    assertTrue(c.lookup("anthropic", "gpt-4o").isEmpty());
  }

  @Test
  void userSettingsOverrideTheCatalog() {
    ModelCatalog c = ModelCatalog.bundled().with(ModelInfo.builder("openai", "gpt-4o-mini").prices(1, 2).build());
    ModelInfo m = c.lookup("openai", "gpt-4o-mini").orElseThrow();
    assertEquals(1.0, m.inputPricePerMTok().getAsDouble());
    assertEquals(128000, m.contextWindow().getAsInt()); // kept from the bundled entry
    assertTrue(m.supports(Capability.TOOLS));
  }

  @Test
  void costUsesCachedPriceForCachedTokens() {
    ModelInfo m = ModelInfo.builder("p", "m").prices(2.0, 8.0).cachedInputPricePerMTok(0.5).build();
    Cost cost = m.costOf(new Usage(1_000_000, 500_000, 400_000, 0)).orElseThrow();
    assertEquals(600_000 * 2.0 / 1e6 + 400_000 * 0.5 / 1e6, cost.inputUsd(), 1e-12);
    assertEquals(4.0, cost.outputUsd(), 1e-12);
    assertTrue(ModelInfo.builder("p", "m").build().costOf(Usage.of(1, 1)).isEmpty());
  }

  @Test
  void resolveMergesDefaultsWithCatalog() {
    ModelInfo defaults = ModelInfo.builder("anthropic", "claude-haiku-4-5-20251001").capabilities(Capability.STREAMING).build();
    ModelInfo r = ModelCatalog.bundled().resolve(defaults);
    assertEquals("claude-haiku-4-5-20251001", r.id());
    assertTrue(r.inputPricePerMTok().isPresent());
    ModelInfo unknown = ModelInfo.builder("ollama", "llama3.2").capabilities(Capability.STREAMING).build();
    assertEquals(unknown, ModelCatalog.bundled().resolve(unknown));
  }
}
