package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoCommandTest {

  @Test
  void demoTellsTheWholeStoryAndExitsZero() {
    Cli.Result r = Cli.run("demo");

    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), "logs stay quiet");
    assertFalse(r.out().contains("Exception"), r::toString);
    String out = r.out();
    List<String> story =
        List.of(
            "gpt     OVERLOADED (HTTP 503)",
            "claude  fallback from gpt",
            "gpt     RATE_LIMITED (HTTP 429)",
            "gpt     skipped                              cooling down after RATE_LIMITED",
            "gpt     CONNECTION",
            "gpt     circuit CLOSED -> OPEN",
            "gpt     skipped                              circuit open",
            "gpt     circuit OPEN -> HALF_OPEN",
            "gpt     circuit HALF_OPEN -> CLOSED",
            "Summary: 10 calls, 10 answered, 0 failed");
    int from = 0;
    for (String line : story) {
      int at = out.indexOf(line, from);
      assertTrue(at >= 0, () -> "missing, or out of order: " + line + "\n" + out);
      from = at;
    }
    assertTrue(out.matches("(?s).*=> gpt: \".*\"  \\d+ in \\+ \\d+ out tokens  \\$0\\.\\d{7}\n.*"), "costs per call");
  }

  @Test
  void unexpectedArgumentIsAUsageError() {
    Cli.Result r = Cli.run("demo", "--fast");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unexpected argument --fast"), r::toString);
  }
}
