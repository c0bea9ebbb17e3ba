package dev.crossfeed.examples.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process and captures what it printed; checks that no sentinel secret was ever printed. */
final class Cli {
  /** The key given through {@code ${TEST_OPENAI_KEY}} in test configs. */
  static final String ENV_KEY = "sk-SENTINEL-from-env-0123456789abcdef";
  /** The key written literally in test configs. */
  static final String FILE_KEY = "sk-SENTINEL-in-file-fedcba9876543210";
  static final Map<String, String> ENV = Map.of("TEST_OPENAI_KEY", ENV_KEY);

  /** What one run returned and printed. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    return run(ENV, args);
  }

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env);
    }
    Result r =
        new Result(
            code,
            out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
            err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    assertNoKey(r);
    return r;
  }

  /** No run may ever print a key, whatever happened. */
  static void assertNoKey(Result r) {
    for (String key : List.of(ENV_KEY, FILE_KEY)) {
      assertFalse(r.out.contains(key), () -> "stdout holds a key:\n" + r);
      assertFalse(r.err.contains(key), () -> "stderr holds a key:\n" + r);
      // nor a recognisable part of one
      assertFalse(r.out.contains("SENTINEL") || r.err.contains("SENTINEL"), () -> "output holds part of a key:\n" + r);
    }
  }

  /** A config with models {@code gpt} (openai, key from the env) and {@code claude} (anthropic, key in the file). */
  static Path config(Path dir, String gptUrl, String claudeUrl) {
    return write(
        dir.resolve("crossfeed.json"),
        "{\n"
            + "  \"models\": {\n"
            + "    \"gpt\": {\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"apiKey\": \"${TEST_OPENAI_KEY}\",\n"
            + "            \"baseUrl\": \"" + gptUrl + "\"},\n"
            + "    \"claude\": {\"provider\": \"anthropic\", \"model\": \"claude-haiku-4-5\", \"apiKey\": \"" + FILE_KEY + "\",\n"
            + "               \"baseUrl\": \"" + claudeUrl + "\", \"inputPricePerMTok\": 1.0, \"outputPricePerMTok\": 5.0}\n"
            + "  },\n"
            + "  \"routes\": {\n"
            + "    \"default\": {\"strategy\": \"fallback\", \"models\": [\"gpt\", \"claude\"], \"timeout\": \"10s\",\n"
            + "                \"retry\": {\"maxAttempts\": 1, \"initialBackoff\": \"10ms\", \"maxBackoff\": \"20ms\"}},\n"
            + "    \"claudeOnly\": {\"models\": [\"claude\"], \"retry\": {\"maxAttempts\": 1}}\n"
            + "  }\n"
            + "}\n");
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
