package dev.crossfeed.examples;

import dev.crossfeed.ChatResponse;
import dev.crossfeed.routing.Router;
import dev.crossfeed.routing.RoutingConfig;
import dev.crossfeed.routing.RoutingConfigException;
import dev.crossfeed.routing.RoutingConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Routes loaded from a JSON file, so operators change models, order, timeouts and breakers without a rebuild.
 * Keys stay out of the file: {@code "apiKey": "${OPENAI_API_KEY}"} is read from the environment. A config mistake
 * fails loading with a message naming the file and the key.
 *
 * <pre>{@code
 * OPENAI_API_KEY=... ANTHROPIC_API_KEY=... java -cp examples/target/crossfeed.jar \
 *     dev.crossfeed.examples.ConfigFileExample examples/crossfeed.example.json
 * }</pre>
 */
public final class ConfigFileExample {
  /** The sample config shipped with the examples, relative to the repository root. */
  public static final Path SAMPLE = Path.of("examples", "crossfeed.example.json");

  private ConfigFileExample() {}

  /**
   * Loads {@code file} (with {@code env} for {@code ${VAR}}) and asks {@code prompt} through {@code route}.
   *
   * @param file the config file
   * @param env the variables for ${VAR}, e.g. {@code System.getenv()}
   * @param route the route to ask through
   * @param prompt the user's message
   * @return the answer
   * @throws RoutingConfigException naming the file and key of a config mistake
   */
  public static ChatResponse ask(Path file, Map<String, String> env, String route, String prompt) {
    RoutingConfig config = RoutingConfigLoader.create().environment(env).load(file);
    Router router = config.router(route);
    return router.chat(prompt);
  }

  /**
   * Runs the example against the real providers, with the keys from the environment (it says which to set when
   * they are missing).
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Path file = args.length > 0 ? Path.of(args[0]) : SAMPLE;
    if (!Files.isRegularFile(file)) {
      System.out.println("ConfigFileExample: skipped, no config file at " + file + " (pass one as the first argument).");
      return;
    }
    try {
      ChatResponse r = ask(file, System.getenv(), "default", "In one sentence: what is a routing config file for?");
      System.out.println(r.text() + "\n(answered by " + r.routeTrace().last().orElseThrow().model() + ")");
    } catch (RoutingConfigException e) {
      // e.g. "environment variable OPENAI_API_KEY is not set (key models.gpt.apiKey) in examples/crossfeed.example.json"
      System.out.println("ConfigFileExample: skipped, " + e.getMessage());
    }
  }
}
