package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.Failure;
import dev.crossfeed.examples.cli.Main;
import dev.crossfeed.testing.FakeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code crossfeed} CLI, run in-process with sentinel keys in its environment over a config of four fake
 * providers: success, every attempt failing with providers echoing their keys, streams cut mid-answer, repeated
 * concurrent runs, traces, and config errors: no sentinel on stdout or stderr (or in a log line).
 */
@Timeout(60)
@Order(12)
class SecretsCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @Test
  void theCliNeverPrintsAKey() throws IOException {
    LeakScan scan = new LeakScan();
    Fakes.Keys keys = new Fakes.Keys();
    Map<String, String> env = new HashMap<>(Fakes.environment(keys));
    env.put("CROSSFEED_DEBUG", "1");
    int runs = 0;
    try (Fakes fakes = new Fakes()) {
      Path config = Files.writeString(dir.resolve("crossfeed.json"), fakes.config(""));
      String file = config.toString();

      fakes.openai.enqueue(FakeResponse.text("Hello there"));
      expect(0, run(scan, env, "chat", "--config", file, "--trace", "hi"));
      fakes.openai.enqueue(FakeResponse.text("Hello there"));
      expect(0, run(scan, env, "chat", "--config", file, "--stream", "--trace", "--system", "be brief", "hi"));

      fakes.openai.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.openai));
      fakes.anthropic.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.anthropic));
      fakes.gemini.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.gemini));
      fakes.ollama.enqueue(FakeResponse.failure(Failure.AUTHENTICATION).message("API key not valid: " + keys.ollama));
      Run allFail = run(scan, env, "chat", "--config", file, "--trace", "hi");
      expect(1, allFail);
      assertTrue(allFail.err().contains("AUTHENTICATION"), allFail.err());

      fakes.openai.enqueue(FakeResponse.text("a b c d").cutAfter(2));
      expect(1, run(scan, env, "chat", "--config", file, "--stream", "--trace", "hi"));

      for (int i = 0; i < 12; i++) {
        fakes.openai.enqueue(i % 3 == 0
            ? FakeResponse.failure(Failure.SERVER_ERROR).message("oops " + keys.openai)
            : FakeResponse.text("ok"));
      }
      for (int i = 0; i < 12; i++) fakes.anthropic.enqueue(FakeResponse.text("from claude"));
      Run repeat = run(scan, env, "chat", "--config", file, "--repeat", "8", "--concurrency", "4", "hi");
      assertTrue(repeat.out().contains("\"requests\":8"), repeat.out());

      Path misplaced = Files.writeString(dir.resolve("misplaced.json"),
          fakes.config("").replace("\"baseUrl\": \"" + fakes.openai.baseUrl() + "\"", "\"baseUrl\": \"${OPENAI_API_KEY}\""));
      expect(2, run(scan, env, "chat", "--config", misplaced.toString(), "hi"));
      expect(2, run(scan, env, "chat", "--config", file, "--route", "nope", "hi"));
      Path forms = Files.writeString(dir.resolve("forms.json"), fakes.config("")
          .replace("\"baseUrl\": \"" + fakes.openai.baseUrl() + "\"", "\"baseUrl\": \"${OPENAI_API_KEY:?the vault has it}\"")
          .replace("${ANTHROPIC_API_KEY}", "${ANTHROPIC_API_KEY:-sk-unused-default}"));
      expect(2, run(scan, env, "chat", "--config", forms.toString(), "hi"));
      Path forever = Files.writeString(dir.resolve("forever.json"),
          fakes.config("").replace("\"timeout\": \"20s\"", "\"timeout\": \"999999999999h\""));
      Run tooLong = run(scan, env, "chat", "--config", forever.toString(), "hi");
      expect(2, tooLong);
      assertTrue(tooLong.err().contains("routes.default.timeout") && tooLong.err().contains("too long"), tooLong.err());
      runs = 9;
    }
    scan.assertNoLeak("cli");
    Report.line("secrets cli: " + runs + " runs (success, all-fail exit 1, cut stream, --repeat, config errors incl. ${VAR:?msg}, ${VAR:-default} and a 999999999999h timeout exit 2; "
        + "CROSSFEED_DEBUG on), stdout and stderr free of every sentinel");
  }

  private static void expect(int code, Run r) {
    assertEquals(code, r.code(), () -> "exit code\n--- stdout\n" + r.out() + "--- stderr\n" + r.err());
  }

  private static Run run(LeakScan scan, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env);
    }
    Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    String what = String.join(" ", args);
    scan.text("stdout of " + what, r.out()).text("stderr of " + what, r.err());
    return r;
  }
}
