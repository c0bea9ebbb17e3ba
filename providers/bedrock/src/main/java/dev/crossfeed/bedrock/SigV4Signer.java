package dev.crossfeed.bedrock;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.spi.RequestSigner;
import dev.crossfeed.spi.SignableRequest;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS Signature Version 4 for Bedrock (bedrock-converse.md §7.2) with the AWS SDK's maintained signer
 * ({@code AwsV4HttpSigner}) and credentials from an {@link AwsCredentialsProvider} (the standard chain by default:
 * environment, system properties, web identity, profile, container and instance metadata, cached and refreshed by
 * the SDK). Signing name {@code bedrock} (not the endpoint's {@code bedrock-runtime}); the path is double-encoded as
 * for every service but S3, so a model id sent as {@code %3A} is signed as {@code %253A}. Called per attempt, so
 * each attempt carries a fresh {@code X-Amz-Date}; the result is {@code Authorization}, {@code X-Amz-Date} and, for
 * temporary credentials, {@code X-Amz-Security-Token}, plus {@code X-Amz-Content-Sha256}, which the SDK's signer always
 * sends and signs (optional for Bedrock).
 *
 * <p>Credentials that cannot be resolved are AUTHENTICATION, naming the provider and the SDK's reason (which lists
 * where it looked, never a secret). {@link #toString()} names the region and the credentials provider's class only.
 * Thread-safe.
 */
final class SigV4Signer implements RequestSigner {
  static final String SIGNING_NAME = "bedrock";
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  /** What the SDK adds that we pass on; Host is left to OkHttp, which writes the same value. */
  private static final Map<String, String> SIGNED = Map.of("authorization", "Authorization", "x-amz-date", "X-Amz-Date",
      "x-amz-security-token", "X-Amz-Security-Token", "x-amz-content-sha256", "X-Amz-Content-Sha256");

  private final AwsCredentialsProvider credentials;
  private final String region;
  private final Clock clock;

  SigV4Signer(AwsCredentialsProvider credentials, String region, Clock clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials == null");
    this.region = Objects.requireNonNull(region, "region == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Map<String, String> sign(SignableRequest request) {
    AwsCredentialsIdentity identity = resolve();
    SdkHttpRequest.Builder http = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method().toUpperCase(Locale.ROOT)))
        .uri(request.uri());
    request.headers().forEach(http::putHeader);
    ByteBuffer body = request.body();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    SignedRequest signed = SIGNER.sign(r -> r
        .identity(identity)
        .request(http.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      String name = SIGNED.get(h.getKey().toLowerCase(Locale.ROOT));
      if (name != null && !h.getValue().isEmpty()) out.put(name, h.getValue().get(0));
    }
    if (!out.containsKey("Authorization")) {
      throw failure("the AWS signer produced no Authorization header", null);
    }
    return out;
  }

  private AwsCredentialsIdentity resolve() {
    try {
      AwsCredentialsIdentity id = credentials.resolveCredentials();
      if (id == null) throw failure("AWS credentials provider " + name() + " returned none", null);
      return id;
    } catch (ChatModelException e) {
      throw e;
    } catch (RuntimeException e) {
      String reason = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
      if (reason.length() > 500) reason = reason.substring(0, 500) + "…";
      throw failure("AWS credentials could not be resolved by " + name() + ": " + reason, null);
    }
  }

  private String name() {
    return credentials.getClass().getSimpleName();
  }

  private static ChatModelException failure(String detail, Throwable cause) {
    return ChatModelException.builder(Failure.AUTHENTICATION).provider(BedrockIds.PROVIDER).detail(detail).cause(cause).build();
  }

  @Override
  public String toString() {
    return "SigV4Signer{region=" + region + ", credentials=" + name() + '}';
  }
}
