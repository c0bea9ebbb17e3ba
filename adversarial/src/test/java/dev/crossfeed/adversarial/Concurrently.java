package dev.crossfeed.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a scenario for every provider at once (the hostile scenarios mostly wait on timeouts), then reports every
 * provider's failure together: the first as the error, the others suppressed in it.
 */
final class Concurrently {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private Concurrently() {}

  static void forEachProvider(Consumer<Provider> scenario) {
    ExecutorService pool = Executors.newFixedThreadPool(Provider.values().length, r -> {
      Thread t = new Thread(r, "hostile-scenario-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Provider p : Provider.values()) runs.add(pool.submit(() -> scenario.accept(p)));
      AssertionError failed = null;
      for (int i = 0; i < runs.size(); i++) {
        try {
          runs.get(i).get();
        } catch (ExecutionException e) {
          AssertionError a = new AssertionError(Provider.values()[i] + ": " + e.getCause().getMessage(), e.getCause());
          if (failed == null) failed = a;
          else failed.addSuppressed(a);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      if (failed != null) throw failed;
    } finally {
      pool.shutdownNow();
    }
  }
}
