package dev.crossfeed.routing;

import java.util.Optional;

/**
 * A routing config file could not be loaded: unreadable, not JSON, an unknown key, a bad value, a missing
 * environment variable, an unknown provider, a route naming a model that is not defined. The message names the
 * file and the key (e.g. {@code routes.default.retry.maxAttempts}) and never contains a secret.
 */
public final class RoutingConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The file (or source name) that was being loaded. */
  private final String source;
  /** The key that was wrong, e.g. {@code routes.main.models}; empty when the file as a whole was. */
  private final String key;

  RoutingConfigException(String source, String key, String problem, Throwable cause) {
    super(problem + (key == null ? "" : " (key " + key + ")") + " in " + source, cause);
    this.source = source;
    this.key = key;
  }

  /** {@return the file (or the name given for the source) being loaded} */
  public String source() {
    return source;
  }

  /** {@return the dotted path of the offending key, e.g. {@code models.gpt.apiKey}; empty for file-level problems} */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
