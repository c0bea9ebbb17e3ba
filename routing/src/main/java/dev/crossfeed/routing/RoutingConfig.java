package dev.crossfeed.routing;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * each route keeps its own health for it. The models are created by loading, so {@link #close()} closes them (and
 * every router); {@link Router#close()} of one route closes the models only that route uses.
 */
public final class RoutingConfig implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RoutingConfig.class);

  private final String source;
  private final Map<String, Router> routers;
  private final List<AutoCloseable> created;

  RoutingConfig(String source, Map<String, Router> routers, List<AutoCloseable> created) {
    this.source = source;
    this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
    this.created = List.copyOf(created);
  }

  /** Closes every router and every model this config created; later calls on them fail. Idempotent. */
  @Override
  public void close() {
    for (Router r : routers.values()) r.close();
    for (AutoCloseable c : created) closeQuietly(c);
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {} failed; ignored", c, e);
    }
  }

  /**
   * Loads a config file with the process environment for {@code ${VAR}} references.
   *
   * @param file the JSON config file
   * @return the routes and models it defines
   * @throws RoutingConfigException naming the file and key of the first problem found
   */
  public static RoutingConfig load(Path file) {
    return RoutingConfigLoader.create().load(file);
  }

  /**
   * The router of a route.
   *
   * @param route the route's name in the file
   * @return its router
   * @throws IllegalArgumentException if there is no such route (the message lists the routes)
   */
  public Router router(String route) {
    Router r = routers.get(route);
    if (r == null) {
      throw new IllegalArgumentException("no route '" + route + "' in " + source + "; routes: " + String.join(", ", routers.keySet()));
    }
    return r;
  }

  /** {@return route names in file order} */
  public Set<String> routeNames() {
    return routers.keySet();
  }

  /** {@return the file (or source name) this was loaded from} */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "RoutingConfig{" + source + ", routes=" + routers.keySet() + '}';
  }
}
