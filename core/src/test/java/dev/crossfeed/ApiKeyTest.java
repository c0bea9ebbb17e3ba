package dev.crossfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
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

  @Test
  void refusesCopyPasteArtefactsAndNonAsciiWithoutEchoingTheKey() {
    for (String artefact : new String[] {"\u00a0", "\u200b", "\ufeff", "\u2007", "\u00e9", "\u2013"}) {
      for (String key : new String[] {SECRET + artefact, artefact + SECRET, "sk-test-" + artefact + "SENTINEL-0123456789"}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiKey.of(key), "U+" + (int) artefact.charAt(0));
        assertFalse(e.getMessage().contains("SENTINEL"), e.getMessage());
        assertFalse(e.getMessage().contains("0123"), e.getMessage());
        assertTrue(e.getMessage().contains("index " + key.indexOf(artefact)), e.getMessage());
      }
    }
    IllegalArgumentException nbsp = assertThrows(IllegalArgumentException.class, () -> ApiKey.of(SECRET + "\u00a0"));
    assertTrue(nbsp.getMessage().contains("U+00A0"), "an invisible artefact is named by code point: " + nbsp.getMessage());
    IllegalArgumentException accent = assertThrows(IllegalArgumentException.class, () -> ApiKey.of("sk-\u00e9t\u00e9-SENTINEL-0123456789"));
    assertFalse(accent.getMessage().contains("\u00e9") || accent.getMessage().contains("U+00E9"),
        "a visible character may be part of the key and is named by index only: " + accent.getMessage());
  }

  @Test
  void ordinaryWhitespaceAroundTheKeyIsStillRemoved() {
    assertEquals(SECRET, ApiKey.of("  " + SECRET + " ").reveal());
    assertEquals(SECRET, ApiKey.of("\u2003" + SECRET).reveal(), "an em space is whitespace to strip(), not part of a key");
  }

  @Test
  void aTinyKeyIsScrubbedOnlyWhereItStandsAlone() {
    ApiKey k = ApiKey.of("k");
    assertEquals("bad key [redacted] (keep it secret)", k.scrub("bad key k (keep it secret)"));
    assertEquals("Bearer [redacted]", k.scrub("Bearer k"));
    assertEquals("[redacted]", k.scrub("k"));
    assertFalse(k.isContainedIn("unknown key"));
    assertTrue(k.isContainedIn("key=k&x=1"));
    ApiKey abc = ApiKey.of("abc");
    assertEquals("abcdef is not [redacted]", abc.scrub("abcdef is not abc"));
  }

  @Test
  void aKeyLongEnoughToBeASecretIsScrubbedEvenInsideOtherText() {
    ApiKey key = ApiKey.of("sk-12345");
    assertEquals(8, key.reveal().length(), "the shortest key scrubbed everywhere");
    assertEquals("x[redacted]y", key.scrub("xsk-12345y"));
    assertTrue(key.isContainedIn("Bearersk-12345"));
  }
}
