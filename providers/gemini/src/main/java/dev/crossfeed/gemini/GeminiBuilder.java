package dev.crossfeed.gemini;

import dev.crossfeed.http.HttpExchange;
import dev.crossfeed.http.HttpModelBuilder;
import java.util.Objects;

/**
 * What Gemini's chat and embedding builders share beyond {@link HttpModelBuilder}: the default base URL, Gemini's
 * rules for model ids ({@code models/} prefix accepted, no {@code :} or query) and header names (the key header is
 * set with {@code apiKey()} only), and the frozen {@link GeminiSettings}. Not thread-safe.
 */
abstract class GeminiBuilder<B extends GeminiBuilder<B>> extends HttpModelBuilder<B> {
  /** {@link #required} for the settings classes of this package. */
  static IllegalStateException missing(String what, String setting, String hint) {
    return required(what, setting, hint);
  }

  private long maxBodyBytes = HttpExchange.DEFAULT_MAX_BODY;

  GeminiBuilder() {
    super(GeminiChatModel.DEFAULT_BASE_URL);
  }

  @Override
  protected String checkModel(String id) {
    String m = GeminiSettings.stripModelsPrefix(id.strip());
    if (!GeminiSettings.isValidModel(m)) throw new IllegalArgumentException("invalid Gemini model id: " + id);
    return m;
  }

  @Override
  protected String checkHeaderName(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.equalsIgnoreCase(GeminiSettings.KEY_HEADER)) throw new IllegalArgumentException("set the key with apiKey(), not header()");
    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) throw new IllegalArgumentException("invalid header name: " + name);
    return name;
  }

  /** Cap on a non-streamed response body (for tests). */
  B maxBodyBytes(long max) {
    this.maxBodyBytes = max;
    return self();
  }

  /**
   * The validated settings, for the model being built.
   *
   * @throws IllegalStateException if the API key or model is missing, naming {@code what} is built
   * @throws IllegalArgumentException if the base URL is invalid or plain http to a non-loopback host
   */
  GeminiSettings freeze(String what) {
    return new GeminiSettings(what, settings(), maxBodyBytes);
  }
}
