package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: every published jar has a stable JPMS module name, as the module system itself reads it from the
 * jar. Runs on the packaged jars ({@code mvn verify}); under {@code mvn test} the reactor hands out class
 * directories and the test is skipped.
 */
@Timeout(30)
class ModuleNamesTest {
  @Test
  void everyJarHasItsModuleName() throws Exception {
    Map<Class<?>, String> expected = new LinkedHashMap<>();
    expected.put(dev.crossfeed.ChatModel.class, "dev.crossfeed");
    expected.put(dev.crossfeed.http.HttpExchange.class, "dev.crossfeed.http");
    expected.put(dev.crossfeed.openai.OpenAiChatModel.class, "dev.crossfeed.openai");
    expected.put(dev.crossfeed.anthropic.AnthropicChatModel.class, "dev.crossfeed.anthropic");
    expected.put(dev.crossfeed.gemini.GeminiChatModel.class, "dev.crossfeed.gemini");
    expected.put(dev.crossfeed.ollama.OllamaChatModel.class, "dev.crossfeed.ollama");
    expected.put(dev.crossfeed.testing.FakeOpenAiServer.class, "dev.crossfeed.testing");
    expected.put(dev.crossfeed.routing.Router.class, "dev.crossfeed.routing");
    Path first = location(dev.crossfeed.ChatModel.class);
    assumeTrue(first.toString().endsWith(".jar"), "classes come from " + first + ", not a jar: run mvn verify");
    for (Map.Entry<Class<?>, String> e : expected.entrySet()) {
      Path jar = location(e.getKey());
      Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
      assertEquals(1, found.size(), jar.toString());
      assertEquals(e.getValue(), found.iterator().next().descriptor().name(), jar.toString());
    }
  }

  private static Path location(Class<?> c) throws Exception {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
