package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiKeyTest {
  private static final String SECRET = "sk-test-SENTINEL-0123456789";

  @Test
  void toStringNeverRevealsTheKey() {
    ApiKey key = ApiKey.of(SECRET);
    assertFalse(key.toString().contains("SENTINEL"));
    assertFalse(String.valueOf(key).contains("0123"));
    assertEquals(SECRET, key.reveal());
  }

  @Test
  void rejectsHeaderInjectionAndBlank() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKey.of("sk-abc\r\nX-Evil: 1"));
    assertFalse(e.getMessage().contains("sk-abc"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ApiKey.of("  "));
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ApiKey.fromEnv("CROSSFEED_SURELY_UNSET_VAR_42"));
    assertTrue(e.getMessage().contains("CROSSFEED_SURELY_UNSET_VAR_42"));
  }

  @Test
  void scrubRemovesEveryOccurrence() {
    ApiKey key = ApiKey.of(SECRET);
    assertEquals("bad key [redacted] and [redacted]", key.scrub("bad key " + SECRET + " and " + SECRET));
    assertTrue(key.isContainedIn("x" + SECRET));
  }

  @Test
  void equalityByValue() {
    assertEquals(ApiKey.of(SECRET), ApiKey.of(SECRET));
    assertFalse(ApiKey.of(SECRET).equals(ApiKey.of(SECRET + "x")));
  }
}
