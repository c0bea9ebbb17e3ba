package dev.crossfeed.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 the way AWS does, written from the Bedrock reference (bedrock-converse.md §7.2)
 * with the JDK only, so a client signed by the AWS SDK is checked by an independent implementation. It rebuilds the
 * canonical request from what arrived (the path as on the wire, percent-encoded once more; sorted, trimmed signed
 * headers; the SHA-256 of the body), derives the signing key from the known test secret and compares signatures.
 * {@code FakeBedrockServer} answers 403 {@code InvalidSignatureException} with the reason when they differ.
 *
 * <pre>{@code
 * SigV4Verifier v = new SigV4Verifier("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "bedrock");
 * Optional<String> problem = v.verify("POST", "/model/m%3A0/converse", "", headers, body);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Its {@link #toString()} shows the access key id, region and service, never the
 * secret; it exists only for tests with published example credentials.
 */
public final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private final String accessKeyId;
  private final String secret;
  private final String region;
  private final String service;

  /**
   * A verifier for one key pair, region and signing name (Bedrock's is {@code bedrock}).
   *
   * @param accessKeyId the access key id
   * @param secret the secret access key (published example credentials only)
   * @param region the region, e.g. {@code us-east-1}
   * @param service the signing name, e.g. {@code bedrock}
   */
  public SigV4Verifier(String accessKeyId, String secret, String region, String service) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId == null");
    this.secret = Objects.requireNonNull(secret, "secret == null");
    this.region = Objects.requireNonNull(region, "region == null");
    this.service = Objects.requireNonNull(service, "service == null");
  }

  /**
   * Why the request's signature is not valid, or empty when it is.
   *
   * @param method the HTTP method
   * @param body the received body
   * @param rawPath the path exactly as received, e.g. {@code /model/us.amazon.nova-micro-v1%3A0/converse}
   * @param rawQuery the query as received, empty when none
   * @param headers the received headers (names in any case; the first value of each)
   * @return what is wrong, or empty when the signature is valid
   */
  public Optional<String> verify(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    String auth = lower.get("authorization");
    if (auth == null) return Optional.of("no Authorization header");
    if (!auth.startsWith(ALGORITHM + " ")) return Optional.of("Authorization is not " + ALGORITHM);
    String credential = field(auth, "Credential");
    String signedHeaders = field(auth, "SignedHeaders");
    String date = lower.get("x-amz-date");
    if (credential == null || signedHeaders == null || field(auth, "Signature") == null) {
      return Optional.of("Authorization lacks Credential, SignedHeaders or Signature");
    }
    if (date == null || !date.matches("\\d{8}T\\d{6}Z")) return Optional.of("missing or malformed X-Amz-Date");
    String scope = date.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    if (!credential.equals(accessKeyId + "/" + scope)) return Optional.of("credential scope is not " + accessKeyId + "/" + scope + ": " + credential);
    for (String required : List.of("host", "x-amz-date")) {
      if (!List.of(signedHeaders.split(";")).contains(required)) return Optional.of(required + " is not signed");
    }
    if (lower.containsKey("x-amz-security-token") && !List.of(signedHeaders.split(";")).contains("x-amz-security-token")) {
      return Optional.of("x-amz-security-token is sent but not signed");
    }
    String expected = authorization(method, rawPath, rawQuery, lower, signedHeaders, body, date);
    return expected.equals(auth)
        ? Optional.empty()
        : Optional.of("The request signature we calculated does not match the signature you provided. The Canonical String "
            + "for this request should have been\n'" + canonicalRequest(method, rawPath, rawQuery, lower, signedHeaders, body) + "'");
  }

  /**
   * The {@code Authorization} value a correct signer produces for this request and these signed headers.
   *
   * @param method the HTTP method
   * @param rawPath the path exactly as sent
   * @param rawQuery the query as sent, empty when none
   * @param body the body
   * @param amzDate the {@code x-amz-date} value
   * @param headers lower-case names to values, including {@code host} and {@code x-amz-date}
   * @param signedHeaders the {@code ;}-joined lower-case names to sign, sorted
   * @return the header value
   */
  public String authorization(String method, String rawPath, String rawQuery, Map<String, String> headers, String signedHeaders,
      byte[] body, String amzDate) {
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String canonical = canonicalRequest(method, rawPath, rawQuery, headers, signedHeaders, body);
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    return ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
  }

  /** The canonical request of §7.2 step 3. */
  static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, String signedHeaders,
      byte[] body) {
    StringBuilder s = new StringBuilder();
    s.append(method).append('\n');
    s.append(encode(rawPath.isEmpty() ? "/" : rawPath, false)).append('\n');
    s.append(canonicalQuery(rawQuery)).append('\n');
    for (String name : signedHeaders.split(";")) {
      String v = headers.getOrDefault(name, "");
      s.append(name).append(':').append(v.strip().replaceAll("\\s+", " ")).append('\n');
    }
    s.append('\n').append(signedHeaders).append('\n');
    s.append(hex(sha256(body)));
    return s.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return "";
    List<String> pairs = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      pairs.add(encode(k, true) + "=" + encode(v, true));
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** Percent-encodes all but {@code A-Z a-z 0-9 - _ . ~} (and {@code /} in paths). */
  private static String encode(String s, boolean slash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slash);
      if (keep) out.append((char) c);
      else out.append('%').append(String.format("%02X", c));
    }
    return out.toString();
  }

  private static String field(String auth, String name) {
    for (String part : auth.substring(ALGORITHM.length()).split(",")) {
      String p = part.strip();
      if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
    }
    return null;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "SigV4Verifier{" + accessKeyId + ", " + region + ", " + service + '}';
  }
}
