package dev.crossfeed.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.RouteTrace;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.ToolCall;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code crossfeed chat}: loads the routing config, builds the request and sends it once (answer on stdout,
 * {@code --trace} lines on stderr) or, with {@code --repeat}, many times through one router (see
 * {@link RepeatRun}).
 */
final class ChatCommand {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  ChatCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(ChatArgs args) {
    Path file = configFile(args.config);
    Redactor redactor = redactor(file);
    RoutingConfig config;
    try {
      config = RoutingConfigLoader.create().environment(env).load(file);
    } catch (RoutingConfigException e) {
      throw new UsageException("config error: " + redactor.scrub(e.getMessage()));
    }
    Router router;
    try {
      router = config.router(args.route);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--route: " + e.getMessage());
    }
    ChatRequest.Builder request = ChatRequest.builder();
    if (args.system != null && !args.system.isBlank()) request.system(args.system);
    request.user(args.prompt).maxOutputTokens(args.maxTokens);
    if (args.repeat != null) {
      int threads = args.concurrency == null ? 1 : args.concurrency;
      return new RepeatRun(router, request.build(), args.stream, args.trace, redactor, out, err).run(args.repeat, threads);
    }
    return once(router, request.build(), args, redactor);
  }

  private static Path configFile(String name) {
    Path file;
    try {
      file = Path.of(name);
    } catch (InvalidPathException e) {
      throw new UsageException("--config: not a valid path: " + name);
    }
    if (!Files.exists(file)) throw new UsageException("--config: file not found: " + file);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UsageException("--config: not a readable file: " + file);
    }
    return file;
  }

  /** The secrets of the config file, read before loading so even a load error cannot echo one. */
  private Redactor redactor(Path file) {
    try {
      JsonNode root = TraceLines.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return Redactor.of(root, env);
    } catch (IOException | RuntimeException e) {
      return Redactor.NONE; // unreadable or not JSON: the loader reports it, and it then holds no parsed secret
    }
  }

  private int once(ChatModel router, ChatRequest request, ChatArgs args, Redactor redactor) {
    boolean midLine = false;
    try {
      ChatResponse r;
      if (args.stream) {
        try (ChatStream stream = router.stream(request)) {
          for (StreamEvent e : stream) {
            if (e instanceof StreamEvent.TextDelta) {
              out.print(((StreamEvent.TextDelta) e).text());
              out.flush();
              midLine = true;
            }
          }
          r = stream.response();
        }
        out.println();
        midLine = false;
      } else {
        r = router.chat(request);
        out.println(redactor.scrub(r.text()));
      }
      for (ToolCall c : r.toolCalls()) out.println("tool call: " + c.name() + " " + redactor.scrub(c.argumentsJson()));
      if (args.trace) printAll(TraceLines.success(r));
      return 0;
    } catch (ChatModelException e) {
      if (midLine) out.println();
      if (args.trace) printAll(TraceLines.failure(e, redactor));
      reportFailure(err, e, redactor);
      return 1;
    }
  }

  private void printAll(Iterable<String> lines) {
    for (String line : lines) err.println(line);
  }

  /** The human-readable account of a failed request: the last failure, then every attempt. */
  static void reportFailure(PrintStream err, ChatModelException e, Redactor redactor) {
    err.println("crossfeed chat: request failed: " + redactor.scrub(e.getMessage()));
    RouteTrace trace = e.routeTrace();
    if (trace.attempts().isEmpty()) {
      err.println("attempts: none (no model of the route could be tried)");
      return;
    }
    err.println("attempts:");
    int n = 0;
    for (RouteTrace.Attempt a : trace.attempts()) {
      err.printf(
          Locale.ROOT,
          "  %2d  %-14s %-24s %-9s %6dms%s%n",
          ++n,
          a.model(),
          a.outcome(),
          a.status().isPresent() ? "HTTP " + a.status().getAsInt() : "-",
          a.latency().toMillis(),
          a.hedged() ? "  (hedge)" : "");
    }
  }
}
