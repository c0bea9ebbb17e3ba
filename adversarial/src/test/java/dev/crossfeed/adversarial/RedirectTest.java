package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.Failure;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider endpoint that redirects (301, 302, 303, 307, 308, plain http) to another host: the redirect is never
 * followed, even on a user-supplied client configured to follow redirects, so the API key never reaches the other
 * host, which is a second server that must see no connection at all. The call fails INVALID_RESPONSE.
 */
@Timeout(60)
@Order(9)
class RedirectTest {
  static final int[] STATUSES = {301, 302, 303, 307, 308};
  static OkHttpClient following;

  @BeforeAll
  static void start() {
    Hygiene.install();
    following = new OkHttpClient.Builder().socketFactory(NoDelaySockets.INSTANCE)
        .followRedirects(true).followSslRedirects(true).build();
  }

  @AfterAll
  static void stop() {
    Hygiene.assertClean(following, "redirects");
  }

  /** Control: the same redirect does reach the other host when an ordinary client follows it. */
  @Test
  void anOrdinaryFollowingClientWouldCarryTheRequestToTheOtherHost() throws IOException {
    try (HostileServer other = new HostileServer(Hostile.respond(200, "application/json", "{}"));
        HostileServer origin = new HostileServer(Hostile.redirect(307, otherHost(other)))) {
      Request r = new Request.Builder().url(origin.root() + "/v1/chat/completions")
          .header("Authorization", "Bearer sk-control-0123456789")
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
      try (Response response = following.newCall(r).execute()) {
        assertEquals(200, response.code());
      }
      assertEquals(1, other.connections(), "the setup must be able to reach the other host");
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void redirectsToAnotherHostAreNeverFollowed(Provider p) {
    for (int status : STATUSES) {
      ApiKey key = ApiKey.of("sk-redirect-" + p.id() + "-" + status + "-0123456789abcdef");
      try (HostileServer other = new HostileServer(Hostile.respond(200, "application/json", p.jsonSeed()));
          HostileServer origin = new HostileServer(Hostile.redirect(status, otherHost(other)))) {
        ChatModel model = p.build(origin.root(), following, key, Duration.ofSeconds(5));
        Outcome chat = Outcome.chat(model);
        Outcome stream = Outcome.stream(model);
        for (Outcome o : new Outcome[] {chat, stream}) {
          assertEquals(Failure.INVALID_RESPONSE, o.kind(), () -> p + " " + status + ": " + o + o.failure().map(dev.crossfeed.adversarial.logging.LogCapture::stackTrace).orElse(""));
          assertFalse(o.failure().orElseThrow().getMessage().contains(key.reveal()), "no key in " + o);
        }
        assertEquals(2, origin.requestHeads().size(), p + ": both calls reached the origin once");
        assertTrue(origin.requestHeads().get(0).contains(key.reveal()), p + ": the origin got the key (it is the provider)");
        assertEquals(0, other.connections(), p + " " + status + ": the other host was contacted");
        assertTrue(other.requestHeads().isEmpty());
      }
    }
    Report.line("hostile " + p.id() + " redirects " + java.util.Arrays.toString(STATUSES)
        + " to another host: never followed (other host saw 0 connections), INVALID_RESPONSE, key only at the origin");
  }

  /** The other host, under a different host name than the origin's 127.0.0.1. */
  private static String otherHost(HostileServer other) {
    return "http://localhost:" + other.port() + "/v1/chat/completions";
  }
}
