package dev.crossfeed.spi;

import dev.crossfeed.ApiKey;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates one HTTP attempt of a provider: AWS SigV4 for Bedrock, an OAuth access token for Vertex AI or
 * Azure Entra ID, a plain bearer key. A provider calls {@link #sign} for every attempt, right before it is sent, so
 * a retried or hedged call is signed afresh (a new timestamp, a refreshed token) and the routing layer never sees a
 * credential; tests plug in a fake signer the same way.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.bearer(ApiKey.fromEnv("AWS_BEARER_TOKEN_BEDROCK"));
 * Map<String, String> auth = signer.sign(new SignableRequest("POST", uri, headers, body));
 * }</pre>
 *
 * <p>Contract for implementations: thread-safe (one signer serves concurrent calls); fast when credentials are
 * cached (refresh them ahead of expiry rather than on the calling thread where possible); never put a credential,
 * token or signature in a log line, an exception message or {@link Object#toString()}. A credential that cannot be
 * obtained (expired, refresh failed, none configured) is thrown as a {@link dev.crossfeed.ChatModelException} with
 * {@link dev.crossfeed.Failure#AUTHENTICATION}, so a router falls back to another model and retries this one after
 * its cooldown.
 */
@FunctionalInterface
public interface RequestSigner {
  /**
   * The headers that authenticate this attempt, e.g. {@code Authorization}, {@code X-Amz-Date} and
   * {@code X-Amz-Security-Token}; the provider sets them on the request, replacing headers of the same name.
   *
   * @param request the attempt about to be sent
   * @return the headers to set, by name
   * @throws dev.crossfeed.ChatModelException with {@link dev.crossfeed.Failure#AUTHENTICATION} when no usable
   *     credential can be obtained
   */
  Map<String, String> sign(SignableRequest request);

  /**
   * A signer sending {@code Authorization: Bearer <key>} (Bedrock API keys, static tokens). Its
   * {@code toString()} does not show the key.
   *
   * @param key the key or token
   * @return the signer
   */
  static RequestSigner bearer(ApiKey key) {
    Objects.requireNonNull(key, "key == null");
    return new RequestSigner() {
      @Override
      public Map<String, String> sign(SignableRequest request) {
        return Map.of("Authorization", "Bearer " + key.reveal());
      }

      @Override
      public String toString() {
        return "RequestSigner.bearer(" + key + ')';
      }
    };
  }
}
