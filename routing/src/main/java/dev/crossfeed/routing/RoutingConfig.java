package dev.crossfeed.routing;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The routers defined by a routing config file, by route name. Load one with {@link #load(Path)} (environment
 * from {@link System#getenv()}) or with a configured {@link RoutingConfigLoader}; the file format is described
 * there.
 *
 * <pre>{@code
 * RoutingConfig config = RoutingConfig.load(Path.of("crossfeed.json"));
 * ChatModel model = config.router("default");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Routes that name the same model share the model instance (its HTTP client) but
 * each route keeps its own health for it.
 */
public final class RoutingConfig {
  private final String source;
  private final Map<String, Router> routers;

  RoutingConfig(String source, Map<String, Router> routers) {
    this.source = source;
    this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
  }

  /**
   * Loads a config file with the process environment for {@code ${VAR}} references.
   *
   * @throws RoutingConfigException naming the file and key of the first problem found
   */
  public static RoutingConfig load(Path file) {
    return RoutingConfigLoader.create().load(file);
  }

  /**
   * The router of a route.
   *
   * @throws IllegalArgumentException if there is no such route (the message lists the routes)
   */
  public Router router(String route) {
    Router r = routers.get(route);
    if (r == null) {
      throw new IllegalArgumentException("no route '" + route + "' in " + source + "; routes: " + String.join(", ", routers.keySet()));
    }
    return r;
  }

  /** Route names in file order. */
  public Set<String> routeNames() {
    return routers.keySet();
  }

  /** The file (or source name) this was loaded from. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "RoutingConfig{" + source + ", routes=" + routers.keySet() + '}';
  }
}
