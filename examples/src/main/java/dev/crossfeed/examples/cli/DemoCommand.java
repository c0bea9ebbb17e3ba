package dev.crossfeed.examples.cli;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.ChatStream;
import dev.crossfeed.Failure;
import dev.crossfeed.ModelInfo;
import dev.crossfeed.anthropic.AnthropicChatModel;
import dev.crossfeed.openai.OpenAiChatModel;
import dev.crossfeed.routing.Router;
import dev.crossfeed.testing.FakeAnthropicServer;
import dev.crossfeed.testing.FakeOpenAiServer;
import dev.crossfeed.testing.FakeProviderServer;
import dev.crossfeed.testing.FakeResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code crossfeed demo}: two fake providers on loopback behind one fallback route, scripted so the primary
 * degrades (503s, a 429 with Retry-After, a stream that dies before its first token), the fallback takes over,
 * the primary's circuit breaker opens, probes and recovers; every decision is printed with its reason, then a
 * summary. Real time, short cooldowns: it takes a few seconds.
 */
final class DemoCommand {
  static final int FAILURE_THRESHOLD = 3;
  static final Duration BREAKER_COOLDOWN = Duration.ofMillis(1500);
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Duration STEP_PAUSE = Duration.ofMillis(120);
  /** Held so the JUL configuration is not garbage-collected with the logger. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("mockwebserver3");

  private final PrintStream out;
  private final DemoClock clock;

  DemoCommand(PrintStream out) {
    this(out, DemoClock.real());
  }

  DemoCommand(PrintStream out, DemoClock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** What the primary does in a step of the story. */
  private enum Primary {
    ANSWERS,
    FAILS,
    SKIPPED
  }

  /** One call of the story. */
  private static final class Step {
    final String scene;
    final boolean stream;
    final String prompt;
    final String answer;
    final Primary primary;
    final FakeResponse failure;
    Duration waitBefore = Duration.ZERO;
    String waitNote = "";

    private Step(String scene, boolean stream, String prompt, String answer, Primary primary, FakeResponse failure) {
      this.scene = scene;
      this.stream = stream;
      this.prompt = prompt;
      this.answer = answer;
      this.primary = primary;
      this.failure = failure;
    }

    static Step answers(String scene, boolean stream, String prompt, String answer) {
      return new Step(scene, stream, prompt, answer, Primary.ANSWERS, null);
    }

    static Step fails(String scene, boolean stream, String prompt, String answer, FakeResponse failure) {
      return new Step(scene, stream, prompt, answer, Primary.FAILS, failure);
    }

    static Step skipped(String scene, String prompt, String answer) {
      return new Step(scene, false, prompt, answer, Primary.SKIPPED, null);
    }

    Step after(Duration wait, String note) {
      waitBefore = wait;
      waitNote = note;
      return this;
    }
  }

  private static List<Step> story() {
    return List.of(
        Step.answers("gpt is healthy", false, "What is crossfeed in aviation?",
            "Feeding both engines from one tank when the other fails."),
        Step.fails("gpt starts failing: 503 Service Unavailable", false, "Why route between LLM providers?",
            "Because any one provider will have a bad day.", FakeResponse.failure(Failure.OVERLOADED)),
        Step.fails("gpt fails again: 503", false, "What does a fallback chain do?",
            "It tries the next model when one fails.", FakeResponse.failure(Failure.OVERLOADED)),
        Step.fails("gpt: 429 Too Many Requests, Retry-After: 1s", false, "What is Retry-After?",
            "The provider saying how long to wait.", FakeResponse.failure(Failure.RATE_LIMITED).retryAfter(RETRY_AFTER)),
        Step.skipped("right away, while gpt rests", "Should a client sleep for an hour-long Retry-After?",
            "No: it should go elsewhere now."),
        Step.fails("streamed: gpt's stream dies before its first token", true, "Stream me a haiku about failover.",
                "One tank runs dry, the other keeps the engines fed, the flight goes on.",
                FakeResponse.text("never sent").cutAfter(0))
            .after(RETRY_AFTER.plusMillis(150), "gpt's Retry-After has passed"),
        Step.skipped("gpt's circuit is open", "What is a circuit breaker?",
            "A switch that stops calls to a failing model."),
        Step.skipped("still open", "Does it stay open forever?", "No: after a cooldown it lets one probe through."),
        Step.answers("gpt has recovered", false, "What happens after a good probe?",
                "The circuit closes and traffic returns.")
            .after(BREAKER_COOLDOWN.plusMillis(150), "the breaker's cooldown is over"),
        Step.answers("streamed, back to normal", true, "Say goodbye.", "Goodbye, and happy landings!"));
  }

  int run() {
    Level previous = MOCK_WEB_SERVER_LOG.getLevel();
    MOCK_WEB_SERVER_LOG.setLevel(Level.OFF); // mockwebserver logs every dropped connection; the demo drops one on purpose
    try (FakeOpenAiServer gptServer = new FakeOpenAiServer(); FakeAnthropicServer claudeServer = new FakeAnthropicServer()) {
      return run(gptServer, claudeServer);
    } finally {
      MOCK_WEB_SERVER_LOG.setLevel(previous);
    }
  }

  private int run(FakeOpenAiServer gptServer, FakeAnthropicServer claudeServer) {
    ApiKey demoKey = ApiKey.of("demo-key-not-a-secret");
    ChatModel gpt = OpenAiChatModel.builder().baseUrl(gptServer.baseUrl()).apiKey(demoKey).model("gpt-4o-mini").build();
    ChatModel claude =
        AnthropicChatModel.builder().baseUrl(claudeServer.baseUrl()).apiKey(demoKey).model("claude-haiku-4-5").build();
    DemoNarrator narrator = new DemoNarrator(out, List.of("gpt", "claude"), FAILURE_THRESHOLD, BREAKER_COOLDOWN);
    Router router =
        Router.builder()
            .name("demo")
            .model("gpt", gpt)
            .model("claude", claude)
            .circuitBreaker(FAILURE_THRESHOLD, BREAKER_COOLDOWN)
            .maxRetryAfter(Duration.ofSeconds(2))
            .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .timeout(Duration.ofSeconds(10))
            .attemptTimeout(Duration.ofSeconds(3))
            .firstTokenTimeout(Duration.ofSeconds(2))
            .listener(narrator)
            .scheduler(clock)
            .build();

    header(gpt.info(), claude.info(), gptServer, claudeServer);
    List<Step> story = story();
    int failed = 0;
    int rescued = 0;
    for (int i = 0; i < story.size(); i++) {
      Step step = story.get(i);
      clock.pause(step.waitBefore.isZero() ? STEP_PAUSE : step.waitBefore);
      if (!step.waitBefore.isZero()) {
        out.printf(Locale.ROOT, "%n     ... %s later: %s%n", DemoNarrator.seconds(step.waitBefore), step.waitNote);
      }
      FakeResponse answer = FakeResponse.text(step.answer).usage(18 + step.prompt.length() / 4, 1 + step.answer.length() / 4);
      switch (step.primary) {
        case ANSWERS:
          gptServer.enqueue(answer);
          break;
        case FAILS:
          gptServer.enqueue(step.failure);
          claudeServer.enqueue(answer);
          break;
        default:
          claudeServer.enqueue(answer);
          break;
      }
      out.printf(Locale.ROOT, "%n#%-3d %-52s %s%n", i + 1, step.scene, step.stream ? "(stream)" : "(chat)");
      ChatRequest request = ChatRequest.builder().user(step.prompt).maxOutputTokens(100).build();
      try {
        ChatResponse r = step.stream ? streamed(router, request) : router.chat(request);
        narrator.answered(r);
        if (!r.routeTrace().last().map(a -> a.model().equals("gpt")).orElse(false)) rescued++;
      } catch (ChatModelException e) {
        failed++;
        out.println("     => failed: " + e.failure() + " (" + e.getMessage() + ")");
      }
    }
    summary(story.size(), failed, rescued, narrator.tallies(), router);
    return failed == 0 ? 0 : 1;
  }

  private static ChatResponse streamed(Router router, ChatRequest request) {
    try (ChatStream stream = router.stream(request)) {
      return stream.response();
    }
  }

  private void header(ModelInfo gpt, ModelInfo claude, FakeProviderServer gptServer, FakeProviderServer claudeServer) {
    out.println("Crossfeed demo: one route over two fake providers on loopback (no API key, no network).");
    out.println();
    out.printf(Locale.ROOT, "  %-7s %-34s %-36s %s%n", "gpt", "openai/" + gpt.id(), prices(gpt), "primary   " + hostPort(gptServer));
    out.printf(Locale.ROOT, "  %-7s %-34s %-36s %s%n", "claude", "anthropic/" + claude.id(), prices(claude), "fallback  " + hostPort(claudeServer));
    out.printf(
        Locale.ROOT,
        "  circuit breaker: opens after %d health failures in a row, probes after %s; Retry-After honoured up to 2s%n",
        FAILURE_THRESHOLD,
        DemoNarrator.seconds(BREAKER_COOLDOWN));
    out.println();
    out.println(String.format(Locale.ROOT, DemoNarrator.ROW, "model", "what happened", "time", "why").stripTrailing());
    out.println(String.format(Locale.ROOT, DemoNarrator.ROW, "-------", "----------------------------", "------",
        "------------------------------------------------------------"));
  }

  private void summary(int calls, int failed, int rescued, Map<String, DemoNarrator.Tally> tallies, Router router) {
    double total = 0;
    for (DemoNarrator.Tally t : tallies.values()) total += t.costUsd;
    out.println();
    out.printf(Locale.ROOT, "Summary: %d calls, %d answered, %d failed; total cost %s%n", calls, calls - failed, failed,
        DemoNarrator.usd(total));
    out.printf(Locale.ROOT, "  %-7s %8s %9s %7s %8s %13s   %s%n", "model", "attempts", "answered", "failed", "skipped", "cost", "circuit");
    for (Map.Entry<String, DemoNarrator.Tally> e : tallies.entrySet()) {
      DemoNarrator.Tally t = e.getValue();
      out.printf(Locale.ROOT, "  %-7s %8d %9d %7d %8d %13s   %s (opened %dx, probed %dx)%n", e.getKey(), t.attempts, t.answered,
          t.failed, t.skipped, DemoNarrator.usd(t.costUsd), router.breakerState(e.getKey()), t.opened, t.probes);
    }
    out.printf(Locale.ROOT, "  Without the fallback, %d of %d calls would have failed; with it, %d did.%n", rescued, calls, failed);
  }

  private static String prices(ModelInfo info) {
    return String.format(Locale.ROOT, "$%.2f in / $%.2f out per 1M tokens",
        info.inputPricePerMTok().orElse(0), info.outputPricePerMTok().orElse(0));
  }

  private static String hostPort(FakeProviderServer server) {
    String url = server.baseUrl();
    int start = url.indexOf("://") + 3;
    int end = url.indexOf('/', start);
    return "fake at " + (end < 0 ? url.substring(start) : url.substring(start, end));
  }

  static String shorten(String text, int max) {
    String t = text.replace('\n', ' ');
    return t.length() <= max ? t : t.substring(0, max - 3) + "...";
  }
}
