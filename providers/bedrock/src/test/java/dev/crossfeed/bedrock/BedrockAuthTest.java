package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.Failure;
import dev.crossfeed.spi.ChatModelFactory;
import dev.crossfeed.spi.ProviderConfig;
import dev.crossfeed.spi.RequestSigner;
import dev.crossfeed.testing.FakeBedrockServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import dev.crossfeed.testing.SigV4Verifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How a Bedrock model authenticates: SigV4 on every attempt (fresh date, fresh signature), API keys, the standard
 * credential chain, profiles, the ServiceLoader factory and its options; and that sentinel credentials never show in
 * a message or {@code toString()}.
 */
@Timeout(30)
class BedrockAuthTest {
  private static final String SENTINEL_SECRET = "SENTINEL/secret+key0000000000000000000000";
  private static final String SENTINEL_TOKEN = "SENTINEL-session-token-1234567890";
  private static final String SENTINEL_API_KEY = "bedrock-api-key-SENTINEL-987654321";
  private final FakeBedrockServer server = new FakeBedrockServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private BedrockChatModel.Builder builder() {
    return BedrockChatModel.builder().baseUrl(server.baseUrl()).region("us-east-1").model("amazon.nova-micro-v1:0")
        .env(name -> null);
  }

  private static StaticCredentialsProvider testCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(FakeBedrockServer.TEST_ACCESS_KEY, FakeBedrockServer.TEST_SECRET_KEY));
  }

  @Test
  void everyAttemptIsSignedAfreshAtItsOwnTime() throws Exception {
    Clock ticking = new Clock() {
      final AtomicInteger seconds = new AtomicInteger();

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.parse("2026-01-15T09:30:00Z").plusSeconds(seconds.getAndIncrement());
      }
    };
    try (BedrockChatModel m = builder().credentials(testCredentials()).clock(ticking).build()) {
      server.enqueue(FakeResponse.text("one"), FakeResponse.text("two"), FakeResponse.text("three"));
      assertEquals("one", m.chat(ChatRequest.of("Hi")).text());
      assertEquals("two", m.chatAsync(ChatRequest.of("Hi")).get().text());
      assertEquals("three", m.stream(ChatRequest.of("Hi")).response().text());
    }
    FakeRequest a = server.takeRequest();
    FakeRequest b = server.takeRequest();
    FakeRequest c = server.takeRequest();
    assertNotEquals(a.header("x-amz-date"), b.header("x-amz-date"));
    assertNotEquals(b.header("x-amz-date"), c.header("x-amz-date"));
    assertNotEquals(a.header("authorization"), b.header("authorization"));
  }

  @Test
  void aSignerIsCalledOncePerAttempt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RequestSigner counting = r -> {
      calls.incrementAndGet();
      return Map.of("Authorization", "Bearer " + FakeBedrockServer.TEST_API_KEY);
    };
    try (BedrockChatModel m = builder().signer(counting).build()) {
      server.enqueue(FakeResponse.failure(Failure.RATE_LIMITED), FakeResponse.text("ok"));
      assertEquals(Failure.RATE_LIMITED, assertThrows(ChatModelException.class, () -> m.chat(ChatRequest.of("Hi"))).failure());
      assertEquals("ok", m.chat(ChatRequest.of("Hi")).text());
    }
    assertEquals(2, calls.get());
  }

  @Test
  void aSignerThatCannotGetCredentialsFailsTheCallAsAuthenticationBeforeAnyRequest() throws Exception {
    RequestSigner expired = r -> {
      throw new IllegalStateException("token refresh failed for " + SENTINEL_TOKEN);
    };
    try (BedrockChatModel m = builder().signer(expired).build()) {
      ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(ChatRequest.of("Hi")));
      assertEquals(Failure.AUTHENTICATION, e.failure());
      assertFalse(e.toString().contains(SENTINEL_TOKEN), e.toString());
      ChatModelException async = (ChatModelException) assertThrows(Exception.class, () -> m.chatAsync(ChatRequest.of("Hi")).join()).getCause();
      assertEquals(Failure.AUTHENTICATION, async.failure());
      assertEquals(Failure.AUTHENTICATION, assertThrows(ChatModelException.class, () -> m.stream(ChatRequest.of("Hi"))).failure());
    }
    assertEquals(0, server.requestCount());
  }

  @Test
  void theStandardChainReadsSystemPropertiesLikeTheSdk() throws Exception {
    Map<String, String> before = new HashMap<>();
    for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey")) before.put(p, System.getProperty(p));
    System.setProperty("aws.accessKeyId", FakeBedrockServer.TEST_ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", FakeBedrockServer.TEST_SECRET_KEY);
    try (BedrockChatModel m = builder().build()) {
      server.enqueue(FakeResponse.text("chained"));
      assertEquals("chained", m.chat(ChatRequest.of("Hi")).text());
      assertTrue(m.toString().contains("DefaultCredentialsProvider"), m.toString());
    } finally {
      before.forEach((k, v) -> {
        if (v == null) System.clearProperty(k);
        else System.setProperty(k, v);
      });
    }
  }

  @Test
  void aNamedProfileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "[crossfeed-test]\naws_access_key_id = " + FakeBedrockServer.TEST_ACCESS_KEY
        + "\naws_secret_access_key = " + FakeBedrockServer.TEST_SECRET_KEY + "\n");
    String before = System.getProperty("aws.sharedCredentialsFile");
    System.setProperty("aws.sharedCredentialsFile", file.toString());
    try (BedrockChatModel m = builder().profile("crossfeed-test").build()) {
      server.enqueue(FakeResponse.text("profiled"));
      assertEquals("profiled", m.chat(ChatRequest.of("Hi")).text());
    } finally {
      if (before == null) System.clearProperty("aws.sharedCredentialsFile");
      else System.setProperty("aws.sharedCredentialsFile", before);
    }
  }

  @Test
  void theApiKeyEnvironmentVariableIsABearerTokenWhenNoCredentialsAreGiven() throws Exception {
    try (BedrockChatModel m = builder().env(Map.of(BedrockChatModel.API_KEY_ENV, FakeBedrockServer.TEST_API_KEY)::get).build()) {
      server.enqueue(FakeResponse.text("keyed"));
      assertEquals("keyed", m.chat(ChatRequest.of("Hi")).text());
    }
    assertEquals(Optional.of("Bearer " + FakeBedrockServer.TEST_API_KEY), server.takeRequest().header("authorization"));
  }

  @Test
  void sentinelCredentialsNeverShow() throws Exception {
    StaticCredentialsProvider session = StaticCredentialsProvider.create(
        AwsSessionCredentials.create("ASIASENTINEL", SENTINEL_SECRET, SENTINEL_TOKEN));
    try (FakeBedrockServer sentinel = new FakeBedrockServer(
            new SigV4Verifier("ASIASENTINEL", SENTINEL_SECRET, "us-east-1", "bedrock"), SENTINEL_API_KEY);
        BedrockChatModel sig = builder().baseUrl(sentinel.baseUrl()).credentials(session).build();
        BedrockChatModel key = builder().baseUrl(sentinel.baseUrl()).apiKey(ApiKey.of(SENTINEL_API_KEY)).build()) {
      Map<BedrockChatModel, String> echoed = Map.of(sig, SENTINEL_TOKEN, key, SENTINEL_API_KEY);
      for (BedrockChatModel m : List.of(sig, key)) {
        // a proxy that reflects the request's credentials back in its error message
        sentinel.enqueue(FakeResponse.failure(Failure.SERVER_ERROR).message("bad request with " + echoed.get(m)));
        ChatModelException e = assertThrows(ChatModelException.class, () -> m.chat(ChatRequest.of("Hi")));
        assertTrue(e.getMessage().contains("[redacted]"), e.getMessage());
        for (String s : List.of(SENTINEL_SECRET, SENTINEL_TOKEN, SENTINEL_API_KEY)) {
          assertFalse(e.toString().contains(s), e.toString());
          assertFalse(m.toString().contains(s), m.toString());
        }
      }
      FakeRequest signed = sentinel.takeRequest();
      assertEquals(Optional.of(SENTINEL_TOKEN), signed.header("x-amz-security-token"), "the token goes on the wire, and only there");
      assertFalse(signed.toString().contains(SENTINEL_TOKEN), signed.toString());
    }
  }

  @Test
  void builderRulesNameWhatIsWrong() {
    assertEquals("BedrockChatModel: region is required (region(...), AWS_REGION or AWS_DEFAULT_REGION)",
        assertThrows(IllegalStateException.class, () -> BedrockChatModel.builder().model("m").env(name -> null).build()).getMessage());
    assertEquals("us-west-2", regionOf(BedrockChatModel.builder().model("m").env(Map.of("AWS_REGION", "us-west-2")::get)
        .apiKey(ApiKey.of("k")).build()));
    assertThrows(IllegalArgumentException.class, () -> BedrockChatModel.builder().region("Oslo"));
    assertThrows(IllegalArgumentException.class, () -> BedrockChatModel.builder().model("has space"));
    assertThrows(IllegalArgumentException.class, () -> BedrockChatModel.builder().header("X-Amz-Date", "x"));
    assertThrows(IllegalArgumentException.class, () -> BedrockChatModel.builder().header("Authorization", "x"));
    assertThrows(IllegalStateException.class,
        () -> builder().apiKey(ApiKey.of("k")).credentials(testCredentials()).build());
    try (BedrockChatModel m = BedrockChatModel.builder().model("m").region("eu-central-1").apiKey(ApiKey.of("k")).build()) {
      assertTrue(m.toString().contains("baseUrl=https://bedrock-runtime.eu-central-1.amazonaws.com/"), m.toString());
    }
  }

  private static String regionOf(BedrockChatModel m) {
    String s = m.toString();
    int i = s.indexOf("region=") + 7;
    return s.substring(i, s.indexOf(',', i));
  }

  @Test
  void theFactoryIsFoundByIdAndTakesRegionAndStaticCredentialOptions() throws Exception {
    ChatModelFactory f = ChatModelFactory.forProvider("bedrock").orElseThrow();
    ChatModel m = f.chatModel(ProviderConfig.builder("bedrock", "us.amazon.nova-micro-v1:0").baseUrl(server.baseUrl())
        .option("region", "us-east-1").option("accessKeyId", FakeBedrockServer.TEST_ACCESS_KEY)
        .option("secretAccessKey", FakeBedrockServer.TEST_SECRET_KEY).build());
    server.enqueue(FakeResponse.text("configured"));
    assertEquals("configured", m.chat(ChatRequest.of("Hi")).text());
    assertEquals("us.amazon.nova-micro-v1:0", server.takeRequest().model());
    ((AutoCloseable) m).close();

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> f.chatModel(
        ProviderConfig.builder("bedrock", "m").option("regoin", "us-east-1").build()));
    assertTrue(unknown.getMessage().contains("unknown option(s) [regoin]"), unknown.getMessage());
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class, () -> f.chatModel(
        ProviderConfig.builder("bedrock", "m").option("region", "us-east-1").option("accessKeyId", "AKID").build()));
    assertTrue(half.getMessage().contains("accessKeyId and secretAccessKey go together"), half.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> f.chatModel(
        ProviderConfig.builder("bedrock", "m").option("region", "us-east-1").option("accessKeyId", "AKID")
            .option("secretAccessKey", SENTINEL_SECRET).option("profile", "x").build()));
    assertFalse(bad.getMessage().contains(SENTINEL_SECRET), bad.getMessage());
  }
}
