package dev.crossfeed.testing.recorded;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared recorded fixtures, {@code ${crossfeed.shared.dir}/fixtures/recorded}, read in place (never
 * copied into a project). When the system property is unset or a file is absent, the calling test is skipped with a
 * JUnit assumption instead of failing, so a checkout without the shared folder still builds.
 *
 * <pre>{@code
 * List<RecordedExchange> x = Httprr.read(RecordedFixtures.file("ollama/TestClient_GenerateChat.httprr"));
 * }</pre>
 */
public final class RecordedFixtures {
  /** The system property naming the shared folder (the parent pom sets it). */
  public static final String PROPERTY = "crossfeed.shared.dir";

  private RecordedFixtures() {}

  /**
   * The folder of recorded traffic, or {@code recorded/<subfolder>} when given; skips the test if absent.
   *
   * @param subfolder a provider's folder, e.g. {@code openai}, or empty for all
   * @return the folder
   */
  public static Path dir(String subfolder) {
    String shared = System.getProperty(PROPERTY);
    assumeTrue(shared != null, PROPERTY + " is not set");
    Path dir = Path.of(shared, "fixtures", "recorded").resolve(subfolder);
    assumeTrue(Files.isDirectory(dir), "no recorded fixtures at " + dir);
    return dir;
  }

  /**
   * A fixture file by its path below {@code recorded/}, e.g. {@code openai/openai-text.json}; skips if absent.
   *
   * @param relative the path below {@code recorded/}
   * @return the file
   */
  public static Path file(String relative) {
    Path p = dir("").resolve(relative);
    assumeTrue(Files.isRegularFile(p), "recorded fixture absent: " + p);
    return p;
  }

  /**
   * A fixture file's text (UTF-8); skips if absent.
   *
   * @param relative the path below {@code recorded/}
   * @return the file's text
   */
  public static String text(String relative) {
    return read(file(relative));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
