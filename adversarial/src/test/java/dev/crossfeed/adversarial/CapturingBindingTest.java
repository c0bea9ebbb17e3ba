package dev.crossfeed.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfeed.adversarial.logging.CapturingServiceProvider;
import dev.crossfeed.adversarial.logging.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The secrets suites are only as good as their log capture: the capturing binding must be the one SLF4J binding
 * here (slf4j-simple, which the CLI module brings, is excluded), with debug on, and see formatted messages and
 * throwables.
 */
@Order(1)
class CapturingBindingTest {
  @Test
  void theCapturingProviderIsTheOnlyBinding() {
    List<String> providers = new ArrayList<>();
    for (SLF4JServiceProvider p : ServiceLoader.load(SLF4JServiceProvider.class)) providers.add(p.getClass().getName());
    assertEquals(List.of(CapturingServiceProvider.class.getName()), providers);
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.slf4j.simple.SimpleServiceProvider"));
    assertTrue(LoggerFactory.getILoggerFactory().getClass().getName().startsWith(CapturingServiceProvider.class.getName()),
        LoggerFactory.getILoggerFactory().getClass().getName());
  }

  @Test
  void everyLevelIsOnAndCapturedFormattedWithThrowables() {
    Logger log = LoggerFactory.getLogger("dev.crossfeed.adversarial.probe");
    assertTrue(log.isTraceEnabled() && log.isDebugEnabled());
    LogCapture.retain(true);
    try {
      log.debug("one {} two {}", "A", 2);
      log.atDebug().setMessage("fluent {}").addArgument("B").log();
      log.warn("failed", new IllegalStateException("inner detail"));
      log.info("arg then throwable {}", "C", new RuntimeException("second detail"));
      List<String> lines = LogCapture.retained();
      assertEquals(4, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("one A two 2"), lines.get(0));
      assertTrue(lines.get(1).contains("fluent B"), lines.get(1));
      assertTrue(lines.get(2).contains("inner detail") && lines.get(2).contains("IllegalStateException"), lines.get(2));
      assertTrue(lines.get(3).contains("second detail"), lines.get(3));
    } finally {
      LogCapture.retain(false);
    }
  }
}
