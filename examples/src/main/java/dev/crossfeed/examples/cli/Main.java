package dev.crossfeed.examples.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code crossfeed} command line: {@code demo} (routing live against fake providers, no key needed),
 * {@code chat} (one request, or many with {@code --repeat}, through a route of a routing config file) and
 * {@code bench} (the benchmarks, when built in).
 *
 * <pre>{@code
 * java -jar examples/target/crossfeed.jar demo
 * java -jar examples/target/crossfeed.jar chat --config crossfeed.json --trace "Say hi"
 * }</pre>
 *
 * <p>Exit codes: 0 success; 1 the request failed after routing (stderr names the last failure and lists the
 * attempts); 2 usage or config error (stderr names the flag, key or file). Expected errors never print a stack
 * trace, and no API key is ever printed.
 */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "usage: crossfeed <command> [options]",
          "",
          "commands:",
          "  demo [--fast]              routing live against fake providers on loopback (no API key needed);",
          "                             --fast skips the waits for cooldowns (a virtual clock)",
          "  chat --config FILE [options] PROMPT...",
          "                             one request through a route of a routing config file",
          "  bench [JMH options]        run the benchmarks (when built with them)",
          "  help                       this text",
          "",
          "chat options:",
          "  --config FILE              routing config file (JSON; ${VAR} read from the environment)",
          "  --route NAME               route to use (default: default)",
          "  --stream                   print the answer as it arrives",
          "  --trace                    JSON lines on stderr: one per attempt, then the result",
          "  --system TEXT              system prompt",
          "  --max-tokens N             output token cap",
          "  --repeat N                 send the request N times; print one JSON summary line",
          "  --concurrency C            with --repeat: from C threads (default 1)",
          "",
          "exit codes: 0 success, 1 the request failed after routing, 2 usage or config error",
          "");

  private Main() {}

  private static DemoClock demoClock(String[] args) {
    if (args.length == 0) return DemoClock.real();
    if (args.length == 1 && args[0].equals("--fast")) return DemoClock.virtual();
    String bad = args[0].equals("--fast") ? args[1] : args[0];
    throw new UsageException((bad.startsWith("-") ? "unknown flag " : "unexpected argument ") + bad);
  }

  /**
   * Runs the CLI and exits the JVM with its exit code.
   *
   * @param args the command and its arguments, e.g. {@code demo --fast}
   */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.getenv());
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs one command in-process, writing to the given streams; {@code env} replaces the process environment
   * for {@code ${VAR}} references in config files. Never calls {@link System#exit}.
   *
   * @param args the command and its arguments
   * @param stdout where answers go
   * @param stderr where errors and traces go
   * @param env the environment for {@code ${VAR}} references
   * @return the exit code: 0 success, 1 the request failed after routing, 2 usage or config error
   */
  public static int run(String[] args, PrintStream stdout, PrintStream stderr, Map<String, String> env) {
    Objects.requireNonNull(args, "args == null");
    Objects.requireNonNull(stdout, "stdout == null");
    Objects.requireNonNull(stderr, "stderr == null");
    Objects.requireNonNull(env, "env == null");
    if (args.length == 0) {
      stderr.print(USAGE);
      return 2;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "demo":
          return new DemoCommand(stdout, demoClock(rest)).run();
        case "chat":
          return new ChatCommand(stdout, stderr, env).run(ChatArgs.parse(rest));
        case "bench":
          return BenchCommand.run(rest, stderr);
        case "help":
        case "--help":
        case "-h":
          stdout.print(USAGE);
          return 0;
        default:
          throw new UsageException("unknown command " + command + " (use demo, chat, bench or help)");
      }
    } catch (UsageException e) {
      boolean known = command.equals("demo") || command.equals("chat");
      stderr.println((known ? "crossfeed " + command + ": " : "crossfeed: ") + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      // A bug, not an expected error: say what broke without a stack trace unless asked for one.
      stderr.println("crossfeed: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (env.containsKey("CROSSFEED_DEBUG")) e.printStackTrace(stderr);
      return 1;
    } finally {
      stdout.flush();
      stderr.flush();
    }
  }
}
