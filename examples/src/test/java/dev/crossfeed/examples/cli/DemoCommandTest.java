package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoCommandTest {

  /** The demo on virtual time: the same story, cooldowns and probe included, without waiting for them. */
  @Test
  void demoTellsTheWholeStoryAndExitsZero() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int code = new DemoCommand(stream, DemoClock.virtual()).run();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertFalse(out.contains("Exception"), out);
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
  void fastDemoThroughMainExitsZeroWithNothingOnStderr() {
    Cli.Result r = Cli.run("demo", "--fast");
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    assertTrue(r.out().contains("circuit HALF_OPEN -> CLOSED"), r::toString);
    assertTrue(r.out().contains("Summary: 10 calls, 10 answered, 0 failed"), r::toString);
  }

  @Test
  void unexpectedArgumentIsAUsageError() {
    Cli.Result r = Cli.run("demo", "--slow");
    assertEquals(2, r.code());
    assertEquals("crossfeed demo: unknown flag --slow\n", r.err());
  }
}
