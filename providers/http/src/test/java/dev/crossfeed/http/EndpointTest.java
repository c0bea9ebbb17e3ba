package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void plainHttpOnlyForLoopbackUnlessAllowed() {
    Endpoint.baseUrl("http://localhost:11434", false);
    Endpoint.baseUrl("http://127.0.0.1:8000/v1", false);
    Endpoint.baseUrl("http://[::1]:8000/v1", false);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("http://api.example.com/v1", false));
    assertTrue(e.getMessage().contains("api.example.com"));
    Endpoint.baseUrl("http://api.example.com/v1", true);
    Endpoint.baseUrl("https://api.example.com/v1", false);
  }

  @Test
  void aKeyGivenAsBaseUrlIsNotEchoed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("sk-proj-SECRETKEY123", false));
    assertFalse(e.getMessage().contains("SECRETKEY"), e.getMessage());
    assertTrue(e.getMessage().contains("http://"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("https://", false));
    assertTrue(e.getMessage().contains("https://"), "a URL-looking value is still shown: " + e.getMessage());
  }

  @Test
  void rejectsGarbageAndCredentialsWithoutEchoingQuery() {
    assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("ftp://x", false));
    assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("", false));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("https://user:secretpw@h.example/v1", false));
    assertFalse(e.getMessage().contains("secretpw"));
    IllegalArgumentException q =
        assertThrows(IllegalArgumentException.class, () -> Endpoint.baseUrl("nonsense?key=SECRETKEY", false));
    assertFalse(q.getMessage().contains("SECRETKEY"));
  }

  @Test
  void resolveNeverDoublesSlashes() {
    HttpUrl a = Endpoint.baseUrl("https://api.openai.com/v1/", false);
    HttpUrl b = Endpoint.baseUrl("https://api.openai.com/v1", false);
    assertEquals("https://api.openai.com/v1/chat/completions", Endpoint.resolve(a, "/chat/completions").toString());
    assertEquals("https://api.openai.com/v1/chat/completions", Endpoint.resolve(b, "chat/completions").toString());
    assertEquals(
        "https://g.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        Endpoint.resolve(Endpoint.baseUrl("https://g.example/v1beta", false), "models/gemini-2.5-flash:streamGenerateContent?alt=sse").toString());
  }

  @Test
  void headerValuesRejectCrLf() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HeaderValues.check("x-api-key", "abc\r\nEvil: 1"));
    assertTrue(e.getMessage().contains("x-api-key"));
    assertFalse(e.getMessage().contains("abc"));
    assertEquals("ok value", HeaderValues.check("x", "ok value"));
  }
}
