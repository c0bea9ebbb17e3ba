package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfeed.ApiKey;
import dev.crossfeed.http.HttpModelBuilder;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Credentials with characters a header cannot carry, as copy-paste leaves them (no-break space, zero-width space,
 * byte-order mark, figure space, an accented letter, an en dash), at the start, in the middle and at the end: every
 * way a credential reaches a header (an {@link ApiKey}, a builder's {@code header(...)} under each provider's
 * credential header name, a config file's {@code apiKey} and {@code header.*} option) refuses it when the model is
 * configured, with an error that never quotes the key. (OkHttp would refuse it at call time with a message quoting
 * the whole value for every header but {@code Authorization}: 24 leaks across Anthropic's and Gemini's chat,
 * stream, async and routed paths before keys were checked.)
 */
@Timeout(30)
@Order(13)
class SecretsCredentialTest {
  static final List<String> ARTEFACTS = List.of("\u00a0", "\u200b", "\ufeff", "\u2007", "\u00e9", "\u2013");
  static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "x-api-key", "x-goog-api-key", "api-key");

  @Test
  void aCredentialAHeaderCannotCarryIsRefusedAtBuildTimeWithoutEcho() {
    LeakScan scan = new LeakScan();
    int refused = 0;
    for (String artefact : ARTEFACTS) {
      for (String raw : placements(LeakScan.sentinel("nonascii").reveal(), artefact)) {
        scan.throwable("ApiKey.of", assertThrows(IllegalArgumentException.class, () -> ApiKey.of(raw), describe(raw)));
        refused++;
        for (Provider p : Provider.values()) {
          for (String header : CREDENTIAL_HEADERS) {
            HttpModelBuilder<?> b = (HttpModelBuilder<?>) p.builder("http://127.0.0.1:9", ApiKey.of("sk-valid-0123456789"));
            String value = header.equals("Authorization") ? "Bearer " + raw : raw;
            scan.throwable(p + " header " + header,
                assertThrows(IllegalArgumentException.class, () -> b.header(header, value), p + " " + header + " " + describe(raw)));
            refused++;
          }
        }
      }
    }
    scan.assertNoLeak("credential characters");
    Report.line("secrets credential characters: " + refused + " credentials with a no-break/zero-width space, BOM, figure"
        + " space, accent or dash refused when configured (ApiKey.of, header(...) on 4 providers x 4 credential headers), "
        + scan.texts() + " texts scanned: no sentinel");
  }

  @Test
  void aConfigFileKeyWithAStrayCharacterFailsNamingTheKeyWithoutEcho() {
    LeakScan scan = new LeakScan();
    int n = 0;
    try (Fakes fakes = new Fakes()) {
      for (String artefact : ARTEFACTS) {
        Fakes.Keys keys = new Fakes.Keys();
        Map<String, String> env = new HashMap<>(Fakes.environment(keys));
        env.put("ANTHROPIC_API_KEY", placements(keys.anthropic, artefact).get(2));
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
            () -> RoutingConfigLoader.create().environment(env).load(fakes.config(""), "stray.json"));
        assertEquals("models.claude.apiKey", e.key().orElse(""), e.getMessage());
        scan.throwable("config apiKey", e);
        env.put("ANTHROPIC_API_KEY", keys.anthropic);
        env.put("PORTKEY_KEY", placements(keys.openai, artefact).get(1));
        String withHeader = fakes.config("").replace("\"model\": \"gpt-4o-mini\",",
            "\"model\": \"gpt-4o-mini\", \"options\": {\"header.x-portkey-api-key\": \"${PORTKEY_KEY}\"},");
        RoutingConfigException h = assertThrows(RoutingConfigException.class,
            () -> RoutingConfigLoader.create().environment(env).load(withHeader, "stray.json"));
        scan.throwable("config header option", h);
        n += 2;
      }
    }
    scan.assertNoLeak("config credential characters");
    Report.line("secrets config credential characters: " + n + " configs with a stray character in a ${VAR} key or"
        + " header, " + scan.texts() + " texts scanned: no sentinel");
  }

  /** {@code artefact} before, inside and after {@code key}. */
  private static List<String> placements(String key, String artefact) {
    int mid = key.length() / 2;
    return List.of(artefact + key, key.substring(0, mid) + artefact + key.substring(mid), key + artefact);
  }

  private static String describe(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) > 0x7e) return String.format("U+%04X at %d", (int) raw.charAt(i), i);
    }
    return "?";
  }
}
