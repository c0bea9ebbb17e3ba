package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ModelInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HttpModelBuilderTest {
  /** A provider builder using the defaults. */
  static final class Plain extends HttpModelBuilder<Plain> {
    Plain() {
      super("https://api.example.com/v1");
    }
  }

  /** A provider builder with its own rules for model ids and header names. */
  static final class Strict extends HttpModelBuilder<Strict> {
    Strict() {
      super(null);
    }

    @Override
    protected String checkModel(String model) {
      if (!model.matches("[a-z0-9-]+")) throw new IllegalArgumentException("invalid model id: " + model);
      return model;
    }

    @Override
    protected String checkHeaderName(String name) {
      String n = super.checkHeaderName(name).toLowerCase(Locale.ROOT);
      if (n.equals("x-api-key")) throw new IllegalArgumentException("set the key with apiKey()");
      return n;
    }
  }

  @Test
  void defaultsBeforeAnySetter() {
    HttpModelSettings s = new Plain().settings();
    assertEquals(Optional.empty(), s.apiKey());
    assertEquals(Optional.empty(), s.model());
    assertEquals(Optional.of("https://api.example.com/v1"), s.baseUrl());
    assertEquals(Optional.empty(), s.client());
    assertEquals(Duration.ofSeconds(120), s.timeout());
    assertFalse(s.allowInsecureHttp());
    assertEquals(Map.of(), s.headers());
    assertEquals(Optional.empty(), s.modelInfo());
    assertEquals(Clock.systemUTC(), s.clock());
    assertEquals(Optional.empty(), new Strict().settings().baseUrl());
  }

  @Test
  void settersChainAndAreReadBackAsOneValue() {
    OkHttpClient client = new OkHttpClient();
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    ModelInfo info = ModelInfo.builder("acme", "m").contextWindow(1000).build();
    Plain b = new Plain()
        .apiKey(ApiKey.of("sk-secret-1"))
        .model("  m-1 ")
        .baseUrl("http://gateway.internal/v1?tenant=a")
        .client(client)
        .timeout(Duration.ofSeconds(5))
        .allowInsecureHttp(true)
        .header("B-Header", "2")
        .header("A-Header", "1")
        .modelInfo(info)
        .clock(clock);
    HttpModelSettings s = b.settings();
    assertEquals("sk-secret-1", s.apiKey().orElseThrow().reveal());
    assertEquals(Optional.of("m-1"), s.model());
    assertSame(client, s.client().orElseThrow());
    assertEquals(Duration.ofSeconds(5), s.timeout());
    assertTrue(s.allowInsecureHttp());
    assertEquals(List.of("B-Header", "A-Header"), List.copyOf(s.headers().keySet()), "insertion order");
    assertSame(info, s.modelInfo().orElseThrow());
    assertSame(clock, s.clock());
    assertEquals("gateway.internal", s.checkedBaseUrl(null).host());
  }

  @Test
  void theSettingsValueIsASnapshot() {
    Plain b = new Plain().header("X-One", "1");
    HttpModelSettings before = b.settings();
    b.header("X-Two", "2").model("later");
    assertEquals(Map.of("X-One", "1"), before.headers());
    assertEquals(Optional.empty(), before.model());
    assertThrows(UnsupportedOperationException.class, () -> before.headers().put("X-Three", "3"));
  }

  @Test
  void baseUrlNullRestoresTheDefaultWhichEveryBuilderExposes() {
    Plain b = new Plain();
    assertEquals(Optional.of("https://api.example.com/v1"), b.defaultBaseUrl());
    assertEquals(Optional.of("https://other.example.com"), b.baseUrl("https://other.example.com").settings().baseUrl());
    assertEquals(Optional.of("https://api.example.com/v1"), b.baseUrl(null).settings().baseUrl());
    assertEquals(Optional.empty(), new Strict().defaultBaseUrl());
    assertEquals(Optional.empty(), new Strict().baseUrl(null).settings().baseUrl());
  }

  @Test
  void settersRejectBadValuesWithMessagesNamingTheSetting() {
    Plain b = new Plain();
    assertEquals("apiKey == null", assertThrows(NullPointerException.class, () -> b.apiKey(null)).getMessage());
    assertEquals("model == null", assertThrows(NullPointerException.class, () -> b.model(null)).getMessage());
    assertEquals("model is blank", assertThrows(IllegalArgumentException.class, () -> b.model(" ")).getMessage());
    assertEquals("client == null", assertThrows(NullPointerException.class, () -> b.client(null)).getMessage());
    assertEquals("timeout == null", assertThrows(NullPointerException.class, () -> b.timeout(null)).getMessage());
    assertEquals("timeout must be positive: PT0S",
        assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ofSeconds(-1)));
    assertEquals("modelInfo == null", assertThrows(NullPointerException.class, () -> b.modelInfo(null)).getMessage());
    assertEquals("clock == null", assertThrows(NullPointerException.class, () -> b.clock(null)).getMessage());
    assertEquals("header name == null", assertThrows(NullPointerException.class, () -> b.header(null, "v")).getMessage());
    assertEquals("header name is blank", assertThrows(IllegalArgumentException.class, () -> b.header(" ", "v")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.header("a:b", "v"));
    assertThrows(IllegalArgumentException.class, () -> b.header("a b", "v"));
    assertThrows(NullPointerException.class, () -> b.header("X-Ok", null));
    assertEquals(Map.of(), b.settings().headers(), "nothing invalid was kept");
  }

  @Test
  void headerValuesWithControlCharactersAreRefusedWithoutEchoingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Plain().header("X-Token", "secret\r\nInjected: 1"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    assertTrue(e.getMessage().contains("X-Token"), e.getMessage());
  }

  @Test
  void providersOverrideModelAndHeaderNameRules() {
    Strict b = new Strict().model("good-1").header("X-Trace", "1");
    assertEquals(Optional.of("good-1"), b.settings().model());
    assertEquals(Map.of("x-trace", "1"), b.settings().headers(), "the name the hook returns is the one sent");
    assertThrows(IllegalArgumentException.class, () -> b.model("Bad Id"));
    assertThrows(IllegalArgumentException.class, () -> b.header("X-Api-Key", "k"));
    assertEquals("header name == null", assertThrows(NullPointerException.class, () -> b.header(null, "v")).getMessage());
  }

  @Test
  void baseUrlIsCheckedWhenRead() {
    assertEquals("api.example.com", new Plain().settings().checkedBaseUrl(null).host());
    assertEquals("fallback.example.com", new Strict().settings().checkedBaseUrl("https://fallback.example.com").host());
    assertThrows(IllegalArgumentException.class, () -> new Plain().baseUrl("http://lan-box:8080").settings().checkedBaseUrl(null));
    assertThrows(IllegalArgumentException.class, () -> new Strict().settings().checkedBaseUrl(null));
  }

  @Test
  void toStringShowsNeitherTheKeyNorHeaderValuesNorTheQuery() {
    String s = new Plain().apiKey(ApiKey.of("sk-secret-1")).model("m").baseUrl("https://h.example/v1?key=qs-secret")
        .header("X-Token", "hdr-secret").settings().toString();
    assertFalse(s.contains("sk-secret-1") || s.contains("hdr-secret") || s.contains("qs-secret"), s);
    assertTrue(s.contains("X-Token") && s.contains("h.example/v1") && s.contains("model=m"), s);
  }

  @Test
  void exchangeCarriesClientKeyAndClock() {
    OkHttpClient client = new OkHttpClient();
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    HttpExchange http = new Plain().client(client).clock(clock).settings().exchange("acme").build();
    assertEquals("acme", http.provider());
    assertSame(clock, http.clock());
    assertSame(client.connectionPool(), http.client().connectionPool(), "the given client's pool is shared");
    assertSame(HttpClients.shared().connectionPool(), new Plain().settings().exchange("acme").build().client().connectionPool());
  }
}
