package dev.crossfeed.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * examples depends on the benchmarks at runtime scope and optionally, so nobody gets JMH through it; the shaded
 * CLI jar must still run {@code crossfeed bench}. Runs after examples' package phase ({@code mvn verify}); under
 * {@code mvn test} there is no shaded jar and the checks are skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliJarCarriesTheBenchmarksTest {
  private static final Path JAR = Path.of(System.getProperty("crossfeed.root", "."), "examples/target/crossfeed.jar");

  @Test
  void theJarHoldsBenchMainAndTheJmhBenchmarkList() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + " (built by mvn package)");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertNotNull(jar.getEntry("dev/crossfeed/benchmarks/BenchMain.class"), "BenchMain is not in " + JAR);
      assertNotNull(jar.getEntry("META-INF/BenchmarkList"), "JMH's benchmark list is not in " + JAR);
      assertEquals("dev.crossfeed.examples.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
    }
  }

  @Test
  void benchReachesBenchMainThroughTheCli() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + " (built by mvn package)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "bench", "--help")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(45, TimeUnit.SECONDS), "crossfeed bench --help did not exit");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("usage: bench [--quick]"), "BenchMain did not answer:\n" + out);
  }
}
