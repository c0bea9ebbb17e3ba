package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ChatModelException;
import dev.crossfeed.Failure;
import dev.crossfeed.spi.SignableRequest;
import dev.crossfeed.testing.SigV4Verifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The worked SigV4 example of bedrock-converse.md §7.3 and its variants, byte for byte, through the AWS SDK signer. */
@Timeout(10)
class SigV4SignerTest {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Clock AT = Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), ZoneOffset.UTC);
  static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],\"inferenceConfig\":{\"maxTokens\":256}}";
  static final String HOST = "https://bedrock-runtime.us-east-1.amazonaws.com";
  static final String PATH = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse";
  static final SigV4Verifier VERIFIER = new SigV4Verifier(ACCESS_KEY, SECRET, "us-east-1", "bedrock");

  /**
   * The AWS SDK's signer always sends {@code X-Amz-Content-Sha256} (optional for Bedrock, and signed): the worked
   * example's variant with that header, confirmed with botocore in the reference.
   */
  @Test
  void theWorkedExampleMatchesByteForByte() {
    assertEquals(95, BODY.getBytes(StandardCharsets.UTF_8).length);
    Map<String, String> h = sign(basic(), HOST + PATH, Map.of());
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/bedrock/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
        + "Signature=4ca8fea38ba58c35b319c870ed294c13afe2077ce122f3f7aa88a27da973d418", h.get("Authorization"));
    assertEquals("20260115T093000Z", h.get("X-Amz-Date"));
    assertEquals("d8695502972bd4d482308b656a524b7a7efcebba591a06801fadba6b39700dd1", h.get("X-Amz-Content-Sha256"));
    assertEquals(Set.of("Authorization", "X-Amz-Date", "X-Amz-Content-Sha256"), h.keySet());
  }

  /** The fake server's independent verifier reproduces every signature of the reference's worked example. */
  @Test
  void theVerifierReproducesEveryReferenceSignature() {
    Map<String, String> h = new TreeMap<>(Map.of("content-type", "application/json",
        "host", "bedrock-runtime.us-east-1.amazonaws.com", "x-amz-date", "20260115T093000Z"));
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    String plain = "content-type;host;x-amz-date";
    assertEquals(signature("f770da90863578a40ba99fd9fb4fb367aa26f70baa67590ce0450a648d742cc9"),
        VERIFIER.authorization("POST", PATH, "", h, plain, body, "20260115T093000Z"));
    assertEquals(signature("e642e767f8aadd144b1892bf5bcb098cc73be084ad59dce5120d16786590c97d"),
        VERIFIER.authorization("POST", PATH.replace("%3A", ":"), "", h, plain, body, "20260115T093000Z"));
    assertEquals(signature("713a8828ef89b799909f97088a9db46364a08ef62c283cca8afa3ded7ff2cb0e"),
        VERIFIER.authorization("POST", PATH + "-stream", "", h, plain, body, "20260115T093000Z"));
    Map<String, String> sha = new TreeMap<>(h);
    sha.put("x-amz-content-sha256", "d8695502972bd4d482308b656a524b7a7efcebba591a06801fadba6b39700dd1");
    assertEquals(signature("4ca8fea38ba58c35b319c870ed294c13afe2077ce122f3f7aa88a27da973d418")
            .replace(plain, "content-type;host;x-amz-content-sha256;x-amz-date"),
        VERIFIER.authorization("POST", PATH, "", sha, "content-type;host;x-amz-content-sha256;x-amz-date", body, "20260115T093000Z"));
    Map<String, String> token = new TreeMap<>(h);
    token.put("x-amz-security-token", "EXAMPLESESSIONTOKEN");
    assertEquals("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260115/us-east-1/bedrock/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
            + "Signature=afeb183c6d522dcc218f89075c2aff4782e7a07e1bbfc53c2248e480a522aecf",
        new SigV4Verifier("ASIAEXAMPLE", SECRET, "us-east-1", "bedrock")
            .authorization("POST", PATH, "", token, "content-type;host;x-amz-date;x-amz-security-token", body, "20260115T093000Z"));
  }

  @Test
  void theSdkSignatureOfARawColonTheStreamPathAndSessionCredentialsVerifies() {
    for (String path : new String[] {PATH, PATH.replace("%3A", ":"), PATH + "-stream"}) {
      Map<String, String> h = sign(basic(), HOST + path, Map.of());
      assertEquals(java.util.Optional.empty(), VERIFIER.verify("POST", path, "", wire(h), BODY.getBytes(StandardCharsets.UTF_8)), path);
    }
    AwsCredentialsProvider session = StaticCredentialsProvider.create(
        AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "EXAMPLESESSIONTOKEN"));
    Map<String, String> h = sign(session, HOST + PATH, Map.of());
    assertEquals("EXAMPLESESSIONTOKEN", h.get("X-Amz-Security-Token"));
    assertTrue(h.get("Authorization").contains("x-amz-security-token"), h.get("Authorization"));
    assertEquals(java.util.Optional.empty(), new SigV4Verifier("ASIAEXAMPLE", SECRET, "us-east-1", "bedrock")
        .verify("POST", PATH, "", wire(h), BODY.getBytes(StandardCharsets.UTF_8)));
    // and a tampered body does not
    String problem = VERIFIER.verify("POST", PATH, "", wire(sign(basic(), HOST + PATH, Map.of())), "{}".getBytes(StandardCharsets.UTF_8))
        .orElseThrow();
    assertTrue(problem.startsWith("The request signature we calculated does not match"), problem);
  }

  /** What arrives at the server: the signer's headers plus Content-Type and Host. */
  private static Map<String, String> wire(Map<String, String> signed) {
    Map<String, String> h = new LinkedHashMap<>(signed);
    h.put("Content-Type", "application/json");
    h.put("Host", "bedrock-runtime.us-east-1.amazonaws.com");
    return h;
  }

  @Test
  void everyCallIsSignedAtItsOwnTime() {
    SigV4Signer later = new SigV4Signer(basic(), "us-east-1", Clock.offset(AT, java.time.Duration.ofSeconds(1)));
    Map<String, String> h = later.sign(request(HOST + PATH, Map.of()));
    assertEquals("20260115T093001Z", h.get("X-Amz-Date"));
    assertNotEquals(sign(basic(), HOST + PATH, Map.of()).get("Authorization"), h.get("Authorization"));
  }

  @Test
  void unresolvableCredentialsAreAnAuthenticationFailureThatNamesNoSecret() {
    AwsCredentialsProvider broken = () -> {
      throw new IllegalStateException("Unable to load credentials from any of the providers in the chain");
    };
    SigV4Signer signer = new SigV4Signer(broken, "us-east-1", AT);
    ChatModelException e = assertThrows(ChatModelException.class, () -> signer.sign(request(HOST + PATH, Map.of())));
    assertEquals(Failure.AUTHENTICATION, e.failure());
    assertTrue(e.getMessage().contains("Unable to load credentials from any of the providers"), e.getMessage());
  }

  @Test
  void toStringShowsNoCredential() {
    SigV4Signer signer = new SigV4Signer(basic(), "us-east-1", AT);
    assertFalse(signer.toString().contains(SECRET) || signer.toString().contains(ACCESS_KEY), signer.toString());
    SignableRequest r = request(HOST + PATH + "?x=secret", Map.of("Authorization", "Bearer sk-sentinel"));
    assertFalse(r.toString().contains("sk-sentinel") || r.toString().contains("secret"), r.toString());
  }

  private static String signature(String hex) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/bedrock/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, Signature=" + hex;
  }

  static AwsCredentialsProvider basic() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET));
  }

  private static Map<String, String> sign(AwsCredentialsProvider credentials, String url, Map<String, String> extra) {
    return new SigV4Signer(credentials, "us-east-1", AT).sign(request(url, extra));
  }

  private static SignableRequest request(String url, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.putAll(extra);
    return new SignableRequest("POST", URI.create(url), headers, BODY.getBytes(StandardCharsets.UTF_8));
  }
}
