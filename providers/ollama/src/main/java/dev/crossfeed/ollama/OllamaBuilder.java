package dev.crossfeed.ollama;

import dev.crossfeed.http.HttpModelBuilder;
import java.util.Objects;
import okhttp3.Headers;

/**
 * What Ollama's chat and embedding builders share beyond {@link HttpModelBuilder}: the local default base URL and
 * Ollama's rule for header names (OkHttp's: non-empty visible ASCII). Not thread-safe.
 */
abstract class OllamaBuilder<B extends OllamaBuilder<B>> extends HttpModelBuilder<B> {
  /** {@link #required} for the settings classes of this package. */
  static IllegalStateException missing(String what, String setting, String hint) {
    return required(what, setting, hint);
  }

  OllamaBuilder() {
    super(OllamaEndpoint.DEFAULT_BASE_URL);
  }

  @Override
  protected String checkHeaderName(String name) {
    Objects.requireNonNull(name, "header name == null");
    new Headers.Builder().add(name, ""); // validates the name
    return name;
  }
}
