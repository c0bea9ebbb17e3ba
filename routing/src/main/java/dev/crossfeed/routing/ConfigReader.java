package dev.crossfeed.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crossfeed.ApiKey;
import dev.crossfeed.Capability;
import dev.crossfeed.ChatModel;
import dev.crossfeed.EmbeddingModel;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the routing config format (see {@link RoutingConfigLoader}) into routers. Every problem becomes a
 * {@link RoutingConfigException} naming the source and the dotted key.
 */
final class ConfigReader {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final List<String> TOP_KEYS = List.of("models", "routes");
  private static final List<String> MODEL_KEYS =
      List.of(
          "provider", "model", "type", "apiKey", "baseUrl", "timeout", "allowInsecureHttp", "contextWindow",
          "maxOutputTokens", "inputPricePerMTok", "outputPricePerMTok", "cachedInputPricePerMTok", "capabilities",
          "options", "maxConcurrency", "requestsPerMinute");
  private static final List<String> ROUTE_KEYS =
      List.of(
          "strategy", "models", "weights", "timeout", "attemptTimeout", "firstTokenTimeout", "streamIdleTimeout", "retry",
          "circuitBreaker", "hedge", "contentFilterFallback");
  private static final List<String> RETRY_KEYS = List.of("maxAttempts", "initialBackoff", "maxBackoff", "maxRetryAfter");
  private static final List<String> BREAKER_KEYS = List.of("failureThreshold", "cooldown", "longCooldown");
  private static final List<String> HEDGE_KEYS = List.of("after", "maxHedges");
  static final List<String> KNOWN_PROVIDERS =
      List.of(
          "openai", "azure-openai", "anthropic", "gemini", "ollama", "mistral", "groq", "deepseek", "openrouter",
          "together", "vllm", "lmstudio", "openai-compatible");

  /** A model defined under {@code models}. */
  private static final class Defined {
    ChatModel chat;
    EmbeddingModel embedder;
    ModelInfo override;
    /** Client-side limits for each route's member of this model; 0: none. */
    int maxConcurrency;
    int requestsPerMinute;
  }

  /** How many routes list each model: a router closes the models only it uses. */
  private final Map<String, Integer> routesUsing = new java.util.HashMap<>();

  private final String source;
  private final Map<String, String> env;
  /** Values substituted for ${VAR} so far, to their reference: error messages show the reference instead. */
  private final Map<String, String> substituted = new java.util.HashMap<>();
  /** Every model name under {@code models}, used or not, for "did you mean" hints. */
  private final Set<String> modelNames = new java.util.LinkedHashSet<>();
  private final List<ChatModelFactory> factories;
  private final RouterListener listener;
  private final Scheduler scheduler;

  ConfigReader(String source, Map<String, String> env, List<ChatModelFactory> factories, RouterListener listener, Scheduler scheduler) {
    this.source = source;
    this.env = env;
    this.factories = factories;
    this.listener = listener;
    this.scheduler = scheduler;
  }

  RoutingConfig read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw fail(null, describe(e), null);
    }
    if (root == null || !root.isObject()) throw fail(null, "the file must hold a JSON object", null);
    checkKeys(root, null, TOP_KEYS);
    JsonNode models = nonEmptyObject(root, "models", "models");
    JsonNode routes = nonEmptyObject(root, "routes", "routes");
    Set<String> used = usedModels(routes);
    for (Iterator<JsonNode> it = routes.elements(); it.hasNext(); ) {
      JsonNode list = it.next().get("models");
      if (list == null || !list.isArray()) continue;
      Set<String> once = new HashSet<>();
      for (JsonNode n : list) if (n.isTextual() && once.add(n.asText())) routesUsing.merge(n.asText(), 1, Integer::sum);
    }
    Map<String, Defined> defined = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      modelNames.add(e.getKey());
      if (used.contains(e.getKey())) defined.put(e.getKey(), model(e.getKey(), e.getValue()));
      else unusedModel(e.getKey(), e.getValue());
    }
    Map<String, Router> routers = new LinkedHashMap<>();
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = routes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        routers.put(e.getKey(), route(e.getKey(), e.getValue(), defined));
      }
    } catch (RuntimeException e) { // the models made so far must not outlive a failed load
      for (Defined d : defined.values()) RoutingConfig.closeQuietly(d.chat != null ? d.chat : d.embedder);
      throw e;
    }
    List<AutoCloseable> created = new ArrayList<>();
    for (Defined d : defined.values()) created.add(d.chat != null ? d.chat : d.embedder);
    return new RoutingConfig(source, routers, created);
  }

  /**
   * The models the routes name (in {@code models} or as {@code contentFilterFallback}); only these are created, so
   * variables of a model no route uses need not be set. A name that cannot be read is left to the route to report.
   */
  private Set<String> usedModels(JsonNode routes) {
    Set<String> used = new HashSet<>();
    for (JsonNode route : routes) {
      List<JsonNode> names = new java.util.ArrayList<>();
      route.path("models").forEach(names::add);
      names.add(route.path("contentFilterFallback"));
      for (JsonNode n : names) {
        if (!n.isTextual()) continue;
        try {
          used.add(ConfigValues.substitute(n.textValue(), env));
        } catch (ConfigValues.BadValue e) {
          // the route reports it, naming its key
        }
      }
    }
    return used;
  }

  /** A model no route uses: its keys are checked, its values (and their variables) are not needed. */
  private void unusedModel(String name, JsonNode node) {
    String k = "models." + name;
    object(node, k);
    checkKeys(node, k, MODEL_KEYS);
    for (String required : List.of("provider", "model")) {
      if (node.get(required) == null) throw fail(k + "." + required, "missing required key", null);
    }
  }

  private Defined model(String name, JsonNode node) {
    String k = "models." + name;
    object(node, k);
    checkKeys(node, k, MODEL_KEYS);
    String provider = requiredText(node, k, "provider");
    String modelId = requiredText(node, k, "model");
    String type = text(node, k, "type").orElse("chat");
    if (!type.equals("chat") && !type.equals("embedding")) {
      throw fail(k + ".type", "type must be chat or embedding, not '" + type + "'", null);
    }
    ProviderConfig.Builder cfg = ProviderConfig.builder(provider, modelId);
    Optional<String> key = text(node, k, "apiKey");
    if (key.isPresent()) {
      try {
        cfg.apiKey(ApiKey.of(key.get()));
      } catch (IllegalArgumentException e) {
        throw fail(k + ".apiKey", e.getMessage(), null); // ApiKey's messages never hold the key
      }
    }
    text(node, k, "baseUrl").ifPresent(cfg::baseUrl);
    duration(node, k, "timeout", true).ifPresent(cfg::timeout);
    bool(node, k, "allowInsecureHttp").ifPresent(cfg::allowInsecureHttp);
    Defined d = new Defined();
    d.maxConcurrency = (int) Math.min(integer(node, k, "maxConcurrency", 1).orElse(0L), Integer.MAX_VALUE);
    d.requestsPerMinute = (int) Math.min(integer(node, k, "requestsPerMinute", 1).orElse(0L), Integer.MAX_VALUE);
    d.override = infoOverride(node, k, provider, modelId);
    if (d.override != null) cfg.infoOverride(d.override);
    JsonNode options = node.get("options");
    if (options != null) {
      object(options, k + ".options");
      for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
        String opt = it.next();
        cfg.option(opt, requiredText(options, k + ".options", opt));
      }
    }
    ChatModelFactory factory = factory(provider, k + ".provider");
    ProviderConfig config = cfg.build();
    try {
      if (type.equals("chat")) {
        d.chat = factory.chatModel(config);
      } else {
        d.embedder =
            factory
                .embeddingModel(config)
                .orElseThrow(() -> fail(k + ".type", "provider '" + provider + "' has no embedding models", null));
      }
    } catch (RoutingConfigException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fail(k, "provider '" + provider + "' rejected the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw fail(k, "provider '" + provider + "' failed to create the model: " + e.getClass().getName(), e);
    }
    return d;
  }

  private ModelInfo infoOverride(JsonNode node, String k, String provider, String modelId) {
    ModelInfo.Builder b = ModelInfo.builder(provider, modelId);
    boolean any = false;
    Optional<Long> window = integer(node, k, "contextWindow", 1);
    if (window.isPresent()) {
      b.contextWindow(Math.toIntExact(Math.min(window.get(), Integer.MAX_VALUE)));
      any = true;
    }
    Optional<Long> maxOut = integer(node, k, "maxOutputTokens", 1);
    if (maxOut.isPresent()) {
      b.maxOutputTokens(Math.toIntExact(Math.min(maxOut.get(), Integer.MAX_VALUE)));
      any = true;
    }
    Optional<Double> in = price(node, k, "inputPricePerMTok");
    Optional<Double> out = price(node, k, "outputPricePerMTok");
    Optional<Double> cached = price(node, k, "cachedInputPricePerMTok");
    if (in.isPresent()) b.inputPricePerMTok(in.get());
    if (out.isPresent()) b.outputPricePerMTok(out.get());
    if (cached.isPresent()) b.cachedInputPricePerMTok(cached.get());
    any |= in.isPresent() || out.isPresent() || cached.isPresent();
    JsonNode caps = node.get("capabilities");
    if (caps != null) {
      String ck = k + ".capabilities";
      if (!caps.isArray()) throw fail(ck, "expected an array of capability names", null);
      EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
      for (int i = 0; i < caps.size(); i++) {
        String c = textValue(caps.get(i), ck + "[" + i + "]");
        try {
          set.add(Capability.valueOf(c.toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
          throw fail(ck + "[" + i + "]", "unknown capability '" + c + "' (use " + lower(EnumSet.allOf(Capability.class)) + ")", null);
        }
      }
      b.capabilities(set);
      any = true;
    }
    return any ? b.build() : null;
  }

  private ChatModelFactory factory(String provider, String k) {
    for (ChatModelFactory f : factories) if (f.providerIds().contains(provider)) return f;
    Optional<ChatModelFactory> f = ChatModelFactory.forProvider(provider);
    if (f.isPresent()) return f.get();
    if (KNOWN_PROVIDERS.contains(provider)) {
      String module =
          provider.equals("anthropic") || provider.equals("gemini") || provider.equals("ollama") ? provider : "openai";
      throw fail(k, "provider '" + provider + "' is not on the classpath (add dev.crossfeed:crossfeed-" + module + ")", null);
    }
    String hint = ConfigValues.suggest(provider, KNOWN_PROVIDERS);
    throw fail(k, "unknown provider '" + provider + "'" + (hint != null ? " (did you mean '" + hint + "'?)" : " (known: " + String.join(", ", KNOWN_PROVIDERS) + ")"), null);
  }

  private Router route(String name, JsonNode node, Map<String, Defined> defined) {
    String k = "routes." + name;
    object(node, k);
    checkKeys(node, k, ROUTE_KEYS);
    Router.Builder b = Router.builder().name(name).listener(listener).scheduler(scheduler);
    Optional<String> strategy = text(node, k, "strategy");
    if (strategy.isPresent()) {
      try {
        b.strategy(Strategy.fromId(strategy.get()));
      } catch (IllegalArgumentException e) {
        throw fail(k + ".strategy", "unknown strategy '" + strategy.get() + "' (use fallback, weighted, round-robin, least-latency, lowest-cost or least-busy)", null);
      }
    }
    JsonNode list = node.get("models");
    if (list == null) throw fail(k + ".models", "missing required key", null);
    if (!list.isArray() || list.isEmpty()) throw fail(k + ".models", "expected a non-empty array of model names", null);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String ik = k + ".models[" + i + "]";
      String m = textValue(list.get(i), ik);
      Defined d = defined.get(m);
      if (d == null) throw fail(ik, "model '" + m + "' is not defined under models" + didYouMean(m, modelNames), null);
      if (!names.add(m)) throw fail(ik, "model '" + m + "' is listed twice", null);
      if (d.chat != null) b.model(m, d.chat, d.override != null ? d.override : d.chat.info());
      else b.embeddingModel(m, d.embedder);
      if (d.maxConcurrency > 0) b.maxConcurrency(m, d.maxConcurrency);
      if (d.requestsPerMinute > 0) b.requestsPerMinute(m, d.requestsPerMinute);
      if (routesUsing.getOrDefault(m, 0) == 1) b.closes(d.chat != null ? d.chat : d.embedder); // no other route shares it
    }
    JsonNode weights = node.get("weights");
    if (weights != null) {
      object(weights, k + ".weights");
      for (Iterator<String> it = weights.fieldNames(); it.hasNext(); ) {
        String m = it.next();
        if (!names.contains(m)) throw fail(k + ".weights." + m, "'" + m + "' is not one of this route's models", null);
        b.weight(m, (int) Math.min(integer(weights, k + ".weights", m, 1).orElseThrow(), Integer.MAX_VALUE));
      }
    }
    duration(node, k, "timeout", true).ifPresent(b::timeout);
    duration(node, k, "attemptTimeout", true).ifPresent(b::attemptTimeout);
    duration(node, k, "firstTokenTimeout", true).ifPresent(b::firstTokenTimeout);
    duration(node, k, "streamIdleTimeout", true).ifPresent(b::streamIdleTimeout);
    JsonNode retry = node.get("retry");
    if (retry != null) {
      String rk = k + ".retry";
      object(retry, rk);
      checkKeys(retry, rk, RETRY_KEYS);
      integer(retry, rk, "maxAttempts", 1).ifPresent(n -> b.maxAttempts((int) Math.min(n, 1000)));
      Duration initial = duration(retry, rk, "initialBackoff", true).orElse(b.initialBackoff);
      Duration max = duration(retry, rk, "maxBackoff", true).orElse(b.maxBackoff);
      if (max.compareTo(initial) < 0) throw fail(rk + ".maxBackoff", "maxBackoff is shorter than initialBackoff", null);
      b.backoff(initial, max);
      duration(retry, rk, "maxRetryAfter", false).ifPresent(b::maxRetryAfter);
    }
    JsonNode breaker = node.get("circuitBreaker");
    if (breaker != null) {
      String bk = k + ".circuitBreaker";
      object(breaker, bk);
      checkKeys(breaker, bk, BREAKER_KEYS);
      int threshold = (int) Math.min(integer(breaker, bk, "failureThreshold", 1).orElse((long) b.failureThreshold), 1_000_000);
      b.circuitBreaker(threshold, duration(breaker, bk, "cooldown", true).orElse(b.breakerCooldown));
      duration(breaker, bk, "longCooldown", true).ifPresent(b::longCooldown);
    }
    JsonNode hedge = node.get("hedge");
    if (hedge != null) {
      String hk = k + ".hedge";
      object(hedge, hk);
      checkKeys(hedge, hk, HEDGE_KEYS);
      b.hedgeAfter(duration(hedge, hk, "after", true).orElseThrow(() -> fail(hk + ".after", "missing required key", null)));
      integer(hedge, hk, "maxHedges", 1).ifPresent(n -> b.maxHedges((int) Math.min(n, 1000)));
    }
    Optional<String> policy = text(node, k, "contentFilterFallback");
    if (policy.isPresent()) {
      String p = policy.get();
      Defined d = defined.get(p);
      String pk = k + ".contentFilterFallback";
      if (d == null) throw fail(pk, "model '" + p + "' is not defined under models" + didYouMean(p, modelNames), null);
      if (d.chat == null) throw fail(pk, "model '" + p + "' is an embedding model", null);
      if (names.contains(p)) b.contentFilterFallback(p);
      else b.contentFilterFallback(p, d.chat);
    }
    try {
      return b.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw fail(k, e.getMessage(), e);
    }
  }

  // --- values -------------------------------------------------------------------------------------------------

  private void checkKeys(JsonNode node, String k, List<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        String hint = ConfigValues.suggest(f, allowed);
        throw fail(
            k == null ? f : k + "." + f,
            "unknown key '" + f + "'" + (hint != null ? " (did you mean '" + hint + "'?)" : " (allowed: " + String.join(", ", allowed) + ")"),
            null);
      }
    }
  }

  private static String didYouMean(String name, Set<String> known) {
    String hint = ConfigValues.suggest(name, known);
    return hint != null ? " (did you mean '" + hint + "'?)" : "";
  }

  private JsonNode nonEmptyObject(JsonNode parent, String field, String k) {
    JsonNode n = parent.get(field);
    if (n == null) throw fail(k, "missing required key", null);
    object(n, k);
    if (n.isEmpty()) throw fail(k, "must define at least one entry", null);
    return n;
  }

  private void object(JsonNode n, String k) {
    if (!n.isObject()) throw fail(k, "expected an object", null);
  }

  private String requiredText(JsonNode node, String k, String field) {
    return text(node, k, field).orElseThrow(() -> fail(k + "." + field, "missing required key", null));
  }

  private Optional<String> text(JsonNode node, String k, String field) {
    JsonNode v = node.get(field);
    return v == null ? Optional.empty() : Optional.of(textValue(v, k + "." + field));
  }

  /** A string value, ${VAR}s substituted. */
  private String textValue(JsonNode v, String k) {
    if (v == null || !v.isTextual()) throw fail(k, "expected a string", null);
    String s;
    try {
      s = ConfigValues.substitute(v.textValue(), env, this::remember);
    } catch (ConfigValues.BadValue e) {
      throw fail(k, e.getMessage(), null);
    }
    if (s.isBlank()) throw fail(k, "must not be blank", null);
    return s;
  }

  private Optional<Long> integer(JsonNode node, String k, String field, long min) {
    JsonNode v = node.get(field);
    if (v == null) return Optional.empty();
    String fk = k + "." + field;
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.longValue();
    } else if (v.isTextual()) {
      String s = textValue(v, fk);
      try {
        n = Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw fail(fk, "expected a whole number, not '" + s + "'", null);
      }
    } else {
      throw fail(fk, "expected a whole number", null);
    }
    if (n < min) throw fail(fk, "must be at least " + min + ", not " + n, null);
    return Optional.of(n);
  }

  private Optional<Double> price(JsonNode node, String k, String field) {
    JsonNode v = node.get(field);
    if (v == null) return Optional.empty();
    String fk = k + "." + field;
    double d;
    if (v.isNumber()) {
      d = v.doubleValue();
    } else if (v.isTextual()) {
      String s = textValue(v, fk);
      try {
        d = Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw fail(fk, "expected a number, not '" + s + "'", null);
      }
    } else {
      throw fail(fk, "expected a number", null);
    }
    if (Double.isNaN(d) || Double.isInfinite(d) || d < 0) throw fail(fk, "must be a finite number >= 0", null);
    return Optional.of(d);
  }

  private Optional<Boolean> bool(JsonNode node, String k, String field) {
    JsonNode v = node.get(field);
    if (v == null) return Optional.empty();
    if (v.isBoolean()) return Optional.of(v.booleanValue());
    String s = textValue(v, k + "." + field);
    if (s.equals("true") || s.equals("false")) return Optional.of(Boolean.parseBoolean(s));
    throw fail(k + "." + field, "expected true or false, not '" + s + "'", null);
  }

  private Optional<Duration> duration(JsonNode node, String k, String field, boolean positive) {
    JsonNode v = node.get(field);
    if (v == null) return Optional.empty();
    String fk = k + "." + field;
    Duration d;
    try {
      d = ConfigValues.duration(textValue(v, fk));
    } catch (ConfigValues.BadValue e) {
      throw fail(fk, e.getMessage(), null);
    }
    if (positive && d.isZero()) throw fail(fk, "must be longer than zero", null);
    return Optional.of(d);
  }

  private static String lower(Set<Capability> caps) {
    StringBuilder s = new StringBuilder();
    for (Capability c : caps) s.append(s.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
    return s.toString();
  }

  /** Jackson's description without any token text (which could be a secret typed without quotes). */
  private static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    msg = msg.replaceAll("Unrecognized token '[^']*'", "Unrecognized token");
    int nl = msg.indexOf('\n');
    if (nl > 0) msg = msg.substring(0, nl);
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid JSON" + where + ": " + msg;
  }

  RoutingConfigException fail(String key, String problem, Throwable cause) {
    return new RoutingConfigException(source, key, redact(problem), ConfigValues.redactedChain(cause, this::redact));
  }

  private void remember(String value, String reference) {
    if (value.length() >= 4) substituted.put(value, reference);
  }

  /** A value that came from the environment (possibly a key in the wrong field) is shown as its ${VAR}. */
  private String redact(String problem) {
    if (problem == null || substituted.isEmpty()) return problem;
    String out = problem;
    for (Map.Entry<String, String> e : substituted.entrySet()) out = out.replace(e.getKey(), e.getValue());
    return out;
  }
}
