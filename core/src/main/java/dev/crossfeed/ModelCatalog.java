package dev.crossfeed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog of known models: context windows, output limits, list prices and capabilities. The bundled
 * catalog ({@link #bundled()}) is a dated snapshot of providers' published figures; prices change, so
 * applications override entries with {@link #with(ModelInfo)} (or in the routing config file).
 *
 * <pre>{@code
 * ModelCatalog catalog = ModelCatalog.bundled().with(ModelInfo.builder("openai", "gpt-4o-mini").prices(0.1, 0.5).build());
 * Optional<ModelInfo> info = catalog.lookup("openai", "gpt-4o-mini-2024-07-18"); // dated ids match their base entry
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "/dev/crossfeed/models.tsv";
  private static volatile ModelCatalog bundled;

  private final LocalDate date;
  private final Map<String, ModelInfo> entries;

  private ModelCatalog(LocalDate date, Map<String, ModelInfo> entries) {
    this.date = date;
    this.entries = entries;
  }

  /** {@return the catalog shipped in this jar} */
  public static ModelCatalog bundled() {
    ModelCatalog c = bundled;
    if (c == null) {
      try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
        c = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      bundled = c;
    }
    return c;
  }

  /** {@return an empty catalog} */
  public static ModelCatalog empty() {
    return new ModelCatalog(LocalDate.MIN, Map.of());
  }

  /** {@return when the bundled figures were last checked against the providers' published prices} */
  public LocalDate date() {
    return date;
  }

  /** {@return every entry, in the catalog's order (unmodifiable)} */
  public Collection<ModelInfo> all() {
    return entries.values();
  }

  /**
   * The entry for a model: an exact id match, else the longest catalog id that {@code modelId} starts with
   * followed by {@code -} (so {@code gpt-4o-mini-2024-07-18} finds {@code gpt-4o-mini}).
   *
   * @param provider the provider id, e.g. {@code openai}
   * @param modelId the model id as configured
   * @return the entry under {@code modelId}, or empty when the catalog does not know the model
   */
  public Optional<ModelInfo> lookup(String provider, String modelId) {
    ModelInfo exact = entries.get(key(provider, modelId));
    if (exact != null) return Optional.of(exact);
    ModelInfo best = null;
    for (ModelInfo m : entries.values()) {
      if (m.provider().equals(provider)
          && modelId.startsWith(m.id() + "-")
          && (best == null || m.id().length() > best.id().length())) {
        best = m;
      }
    }
    // keep the figures of the base entry under the dated id the caller asked for
    return best == null ? Optional.empty() : Optional.of(best.overriddenBy(ModelInfo.builder(provider, modelId).build()));
  }

  /**
   * The catalog's entry for the model merged with {@code defaults}: catalog figures win over the defaults, and
   * when the catalog has no entry the defaults are returned.
   *
   * @param defaults what the caller knows about the model
   * @return the merged figures
   */
  public ModelInfo resolve(ModelInfo defaults) {
    return lookup(defaults.provider(), defaults.id()).map(defaults::overriddenBy).orElse(defaults);
  }

  /**
   * A copy with {@code info} added, or replacing the entry for the same provider and id (settings merged).
   *
   * @param info the entry to add or merge
   * @return the new catalog; this one is unchanged
   */
  public ModelCatalog with(ModelInfo info) {
    Map<String, ModelInfo> copy = new LinkedHashMap<>(entries);
    copy.merge(key(info.provider(), info.id()), info, ModelInfo::overriddenBy);
    return new ModelCatalog(date, java.util.Collections.unmodifiableMap(copy));
  }

  private static String key(String provider, String id) {
    return provider + '\u0000' + id;
  }

  static ModelCatalog parse(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    LocalDate date = LocalDate.MIN;
    Map<String, ModelInfo> entries = new LinkedHashMap<>();
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.startsWith("# date:")) {
        date = LocalDate.parse(line.substring(7).strip());
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t", -1);
      if (f.length != 8) throw new IllegalStateException(RESOURCE + " line " + n + ": expected 8 fields");
      ModelInfo.Builder b =
          ModelInfo.builder(f[0], f[1])
              .contextWindow(intOrNull(f[2]))
              .maxOutputTokens(intOrNull(f[3]))
              .inputPricePerMTok(doubleOrNull(f[4]))
              .outputPricePerMTok(doubleOrNull(f[5]))
              .cachedInputPricePerMTok(doubleOrNull(f[6]));
      List<Capability> caps = new ArrayList<>();
      for (String c : f[7].split(",")) if (!c.isBlank()) caps.add(Capability.valueOf(c.strip()));
      b.capabilities(caps.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(caps));
      ModelInfo info = b.build();
      entries.put(key(info.provider(), info.id()), info);
    }
    return new ModelCatalog(date, java.util.Collections.unmodifiableMap(entries));
  }

  private static Integer intOrNull(String s) {
    return s.isBlank() || s.equals("-") ? null : Integer.valueOf(s.strip());
  }

  private static Double doubleOrNull(String s) {
    return s.isBlank() || s.equals("-") ? null : Double.valueOf(s.strip());
  }
}
