package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BenchCommandTest {
  /** Stands in for dev.crossfeed.benchmarks.BenchMain. */
  public static final class FakeBenchMain {
    static volatile String[] received;

    public static void main(String[] args) {
      received = args;
    }
  }

  /** A BenchMain whose run fails with a checked exception. */
  public static final class FailingBenchMain {
    public static void main(String[] args) throws Exception {
      throw new java.io.IOException("no JMH results");
    }
  }

  @Test
  void aCheckedFailureOfTheBenchmarksExitsOneWithoutAStackTrace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run(FailingBenchMain.class.getName(), new String[0], new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    assertEquals("crossfeed: benchmarks failed: IOException: no JMH results\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheBenchmarksModuleSaysSoWithExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run("dev.crossfeed.benchmarks.NoSuchBenchMain", new String[] {"-f", "1"},
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals("crossfeed: benchmarks not built\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void handsTheArgumentsToBenchMainWhenPresent() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run(FakeBenchMain.class.getName(), new String[] {"-f", "1"},
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertArrayEquals(new String[] {"-f", "1"}, FakeBenchMain.received);
    assertTrue(err.toString(StandardCharsets.UTF_8).isEmpty());
  }
}
