package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.adversarial.logging.LogCapture;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sentinel API keys and a scan for them: every text a caller or an operator can see (exception messages, stack
 * traces, {@code toString()} of anything reachable, route traces, log lines, CLI output) is checked for the whole key
 * and for its random core alone, so a key that is masked but not hidden still counts as leaked. Thread-safe.
 */
final class LeakScan {
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<String> leaks = new ArrayList<>();
  private int texts;

  /** A fresh sentinel key (also forbidden in every later log line). */
  static ApiKey sentinel(String label) {
    byte[] core = new byte[12];
    RANDOM.nextBytes(core);
    String hex = HexFormat.of().formatHex(core);
    String key = "sk-" + label + "-SENTINEL" + hex;
    forbid(key);
    forbid("SENTINEL" + hex);
    return ApiKey.of(key);
  }

  private static void forbid(String secret) {
    SECRETS.add(secret);
    LogCapture.forbid(secret);
  }

  /** Checks {@code text}, found at {@code where}. */
  synchronized LeakScan text(String where, String text) {
    texts++;
    if (text == null) return this;
    for (String s : SECRETS) {
      if (text.contains(s)) leaks.add(where + ": " + text.replace(s, "<SENTINEL>"));
    }
    return this;
  }

  /** Checks {@code String.valueOf(o)}. */
  LeakScan object(String where, Object o) {
    return text(where + " toString", String.valueOf(o));
  }

  /** Checks a throwable's message, toString and printed stack trace (causes and suppressed included), and its data. */
  LeakScan throwable(String where, Throwable t) {
    text(where + " message", t.getMessage());
    text(where + " toString", t.toString());
    text(where + " printStackTrace", LogCapture.stackTrace(t));
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ChatModelException) {
        ChatModelException e = (ChatModelException) c;
        text(where + " providerMessage", e.providerMessage());
        text(where + " requestId", e.requestId().orElse(""));
        object(where + " routeTrace", e.routeTrace());
        object(where + " rateLimits", e.rateLimits());
        e.partialResponse().ifPresent(r -> object(where + " partialResponse", r));
      }
    }
    return this;
  }

  int texts() {
    return texts;
  }

  /** Fails listing every leak; also fails on any log line that carried a sentinel. */
  synchronized void assertNoLeak(String suite) {
    assertTrue(leaks.isEmpty(), suite + ": sentinel key leaked in " + leaks.size() + " places:\n" + String.join("\n", leaks));
    assertTrue(LogCapture.violations().isEmpty(), suite + ": sentinel key in log lines:\n" + String.join("\n", LogCapture.violations()));
  }
}
