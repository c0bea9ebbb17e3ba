package dev.crossfeed.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.spi.RequestSigner;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeBedrockServer;
import dev.crossfeed.testing.FakeRequest;
import dev.crossfeed.testing.FakeResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * "Claude on Anthropic, then Claude on Bedrock" as one route (crossfeed-routing and crossfeed-anthropic are test-scope
 * dependencies here only): throttling, outages and failed credentials fall over to the other cloud, a retried
 * Bedrock attempt is signed afresh, and a stream throttled inside Bedrock's event stream before content moves on.
 */
@Timeout(30)
class CrossCloudRouteTest {
  private final FakeAnthropicServer anthropic = new FakeAnthropicServer();
  private final FakeBedrockServer bedrock = new FakeBedrockServer();
  private final ChatRequest hi = ChatRequest.of("Hi");

  @AfterEach
  void stop() {
    anthropic.close();
    bedrock.close();
  }

  private ChatModel anthropicModel() {
    return AnthropicChatModel.builder().baseUrl(anthropic.baseUrl()).apiKey(ApiKey.of("sk-ant-test")).model("claude-sonnet-4-5").build();
  }

  private BedrockChatModel.Builder bedrockModel() {
    return BedrockChatModel.builder().baseUrl(bedrock.baseUrl()).region(FakeBedrockServer.TEST_REGION)
        .credentials(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(FakeBedrockServer.TEST_ACCESS_KEY, FakeBedrockServer.TEST_SECRET_KEY)))
        .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  private Router route(ChatModel first, String firstName, ChatModel second, String secondName) {
    return Router.builder().model(firstName, first).model(secondName, second).timeout(Duration.ofSeconds(10))
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
  }

  private static List<String> outcomes(RouteTrace trace) {
    return trace.attempts().stream().map(a -> a.model() + ":" + a.outcome()).collect(Collectors.toList());
  }

  @Test
  void anthropicThrottledOrDownFallsOverToBedrock() {
    Router r = route(anthropicModel(), "anthropic", bedrockModel().build(), "bedrock");
    anthropic.enqueue(FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(Duration.ofMinutes(5)));
    bedrock.enqueue(FakeResponse.text("from Bedrock"));
    ChatResponse answer = r.chat(hi);
    assertEquals("from Bedrock", answer.text());
    assertEquals("bedrock", answer.provider());
    assertEquals(List.of("anthropic:RATE_LIMITED", "bedrock:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void anthropicOverloadedOnAStreamFallsOverToBedrocksEventStream() {
    Router r = Router.builder().model("anthropic", anthropicModel()).model("bedrock", bedrockModel().build())
        .maxAttempts(1).timeout(Duration.ofSeconds(10)).build();
    anthropic.enqueue(FakeResponse.failure(Failure.OVERLOADED));
    bedrock.enqueue(FakeResponse.textChunks("Hello ", "from ", "Bedrock"));
    ChatResponse answer;
    try (ChatStream s = r.stream(hi)) {
      answer = s.response();
    }
    assertEquals("Hello from Bedrock", answer.text());
    assertEquals(List.of("anthropic:OVERLOADED", "bedrock:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void bedrockThrottledInsideItsStreamBeforeContentFallsOverToAnthropic() {
    Router r = Router.builder().model("bedrock", bedrockModel().build()).model("anthropic", anthropicModel())
        .maxAttempts(1).timeout(Duration.ofSeconds(10)).build();
    bedrock.enqueue(FakeResponse.text("never seen").errorAfter(0, Failure.RATE_LIMITED));
    anthropic.enqueue(FakeResponse.textChunks("from ", "Anthropic"));
    ChatResponse answer = r.stream(hi).response();
    assertEquals("from Anthropic", answer.text());
    assertEquals(List.of("bedrock:RATE_LIMITED", "anthropic:SUCCESS"), outcomes(answer.routeTrace()));
  }

  @Test
  void bedrockCredentialsThatCannotBeObtainedFallOverWithoutARequest() {
    RequestSigner expired = request -> {
      throw ChatModelException.builder(Failure.AUTHENTICATION).detail("the session has expired").build();
    };
    Router r = route(bedrockModelWith(expired), "bedrock", anthropicModel(), "anthropic");
    anthropic.enqueue(FakeResponse.text("from Anthropic"));
    ChatResponse answer = r.chat(hi);
    assertEquals(List.of("bedrock:AUTHENTICATION", "anthropic:SUCCESS"), outcomes(answer.routeTrace()));
    assertEquals(0, bedrock.requestCount());
  }

  private BedrockChatModel bedrockModelWith(RequestSigner signer) {
    return BedrockChatModel.builder().baseUrl(bedrock.baseUrl()).region(FakeBedrockServer.TEST_REGION).signer(signer)
        .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0").build();
  }

  @Test
  void aRetriedBedrockAttemptIsSignedAfresh() {
    AtomicInteger seconds = new AtomicInteger();
    Clock ticking = new Clock() {
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
    Router r = Router.builder().model("bedrock", bedrockModel().clock(ticking).build()).maxAttempts(2)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).timeout(Duration.ofSeconds(10)).build();
    bedrock.enqueue(FakeResponse.failure(Failure.SERVER_ERROR), FakeResponse.text("second time lucky"));
    ChatResponse answer = r.chat(hi);
    assertEquals("second time lucky", answer.text());
    assertEquals(List.of("bedrock:SERVER_ERROR", "bedrock:SUCCESS"), outcomes(answer.routeTrace()));
    FakeRequest first = bedrock.takeRequest();
    FakeRequest second = bedrock.takeRequest();
    assertNotEquals(first.header("x-amz-date"), second.header("x-amz-date"));
    assertNotEquals(first.header("authorization"), second.header("authorization"));
  }
}
