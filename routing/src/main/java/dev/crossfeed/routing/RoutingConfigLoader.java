package dev.crossfeed.routing;

import dev.crossfeed.spi.ChatModelFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads routers from a JSON routing config file, so operators change routing without a rebuild.
 *
 * <pre>{@code
 * RoutingConfig config = RoutingConfigLoader.create()
 *     .environment(Map.of("OPENAI_API_KEY", secrets.get("openai")))  // default: System.getenv()
 *     .listener(metricsListener)
 *     .load(Path.of("crossfeed.json"));
 * Router router = config.router("default");
 * }</pre>
 *
 * <p>The format (a public contract):
 *
 * <pre>{@code
 * {
 *   "models": {
 *     "gpt":    {"provider": "openai", "model": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY}",
 *                "contextWindow": 128000, "inputPricePerMTok": 0.15, "outputPricePerMTok": 0.60},
 *     "claude": {"provider": "anthropic", "model": "claude-haiku-4-5", "apiKey": "${ANTHROPIC_API_KEY}"}
 *   },
 *   "routes": {
 *     "default": {
 *       "strategy": "fallback", "models": ["gpt", "claude"],
 *       "timeout": "60s", "attemptTimeout": "20s", "firstTokenTimeout": "10s",
 *       "retry": {"maxAttempts": 2, "initialBackoff": "200ms", "maxBackoff": "5s", "maxRetryAfter": "30s"},
 *       "circuitBreaker": {"failureThreshold": 5, "cooldown": "30s"},
 *       "hedge": {"after": "2s"}
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Only {@code models.*.provider}, {@code models.*.model} and {@code routes.*.models} are required; every
 * other key has the default of the matching {@link Router.Builder} setting. Any string value may contain
 * {@code ${VAR}} (replaced from the environment; <code>$${</code> is a literal <code>${</code>), {@code ${VAR:-default}}
 * ({@code default} when the variable is unset or empty) or {@code ${VAR:?message}} (required, {@code message} added
 * to the error); numbers and booleans may also be given as strings, so they can come from the environment too. Only
 * the models some route names are created, so the variables of a model no route uses need not be set (its keys are
 * still checked). Durations are a whole number and a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, at
 * most 100 years ({@link dev.crossfeed.spi.Durations#MAX}). Providers are created by their
 * {@link ChatModelFactory} (found with {@link java.util.ServiceLoader}, after any {@linkplain #factory added
 * here}). An unknown key, a value of the wrong type, a bad duration, a missing variable, an unknown provider or a
 * route naming a model that {@code models} lacks fails loading with a {@link RoutingConfigException} naming the
 * file and the key.
 *
 * <p>Not thread-safe; the {@link RoutingConfig} it loads is.
 */
public final class RoutingConfigLoader {
  /** The largest config file {@link #load(Path)} reads: 1 MiB (a file with hundreds of models is a few KiB). */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private Map<String, String> environment = System.getenv();
  private final List<ChatModelFactory> factories = new ArrayList<>();
  private RouterListener listener = RouterListener.NONE;
  private Scheduler scheduler = Scheduler.system();

  private RoutingConfigLoader() {}

  /** {@return a loader reading variables from the process environment, with the providers found on the classpath} */
  public static RoutingConfigLoader create() {
    return new RoutingConfigLoader();
  }

  /**
   * Where {@code ${VAR}} references are looked up; default {@link System#getenv()}.
   *
   * @param environment the variables, e.g. {@code System.getenv()}
   * @return this loader
   */
  public RoutingConfigLoader environment(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment == null"));
    return this;
  }

  /**
   * A factory consulted before the {@link java.util.ServiceLoader} ones (custom or test providers).
   *
   * @param factory a provider factory, tried before those on the classpath
   * @return this loader
   */
  public RoutingConfigLoader factory(ChatModelFactory factory) {
    factories.add(Objects.requireNonNull(factory, "factory == null"));
    return this;
  }

  /**
   * The listener of every loaded router; default {@link RouterListener#NONE}.
   *
   * @param listener the listener
   * @return this loader
   */
  public RoutingConfigLoader listener(RouterListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
    return this;
  }

  /**
   * The scheduler of every loaded router; default {@link Scheduler#system()}.
   *
   * @param scheduler the scheduler
   * @return this loader
   */
  public RoutingConfigLoader scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    return this;
  }

  /**
   * Loads a UTF-8 JSON file (a leading byte-order mark is ignored) of at most {@value #MAX_FILE_BYTES} bytes.
   *
   * @param file the JSON config file
   * @return the routes and models it defines
   * @throws RoutingConfigException naming the file (and the key) of the first problem found
   */
  public RoutingConfig load(Path file) {
    Objects.requireNonNull(file, "file == null");
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new RoutingConfigException(file.toString(), null, "cannot read the file: " + e, e);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new RoutingConfigException(file.toString(), null, "the file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB", null);
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new RoutingConfigException(file.toString(), null, "the file is not UTF-8 text", null);
    }
    return load(json, file.toString());
  }

  /**
   * Loads config text; {@code sourceName} names it in errors.
   *
   * @param json the config's text
   * @param sourceName what to call it in errors, e.g. a file name
   * @return the routes and models it defines
   * @throws RoutingConfigException naming the source (and the key) of the first problem found
   */
  public RoutingConfig load(String json, String sourceName) {
    Objects.requireNonNull(json, "json == null");
    Objects.requireNonNull(sourceName, "sourceName == null");
    if (json.startsWith("\uFEFF")) json = json.substring(1); // a UTF-8 byte-order mark, as some editors write
    return new ConfigReader(sourceName, environment, List.copyOf(factories), listener, scheduler).read(json);
  }
}
