package dev.crossfeed.routing;

import static dev.crossfeed.routing.Fixtures.model;
import static dev.crossfeed.routing.Fixtures.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crossfeed.ChatModel;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.testing.ScriptedChatModel;
import dev.failsafe.CircuitBreaker;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A finished call is not retained by the router's timers, and an idle router pins no thread or class loader. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoRetentionTest {
  @Test
  void aFinishedCallersThreadIsNotHeldByAPendingTimer() throws Exception {
    ManualScheduler clock = new ManualScheduler();
    Router r = router(clock).model("a", model("a")).timeout(Duration.ofSeconds(60)).build();
    Thread caller = new Thread(() -> r.chat("hi"));
    caller.start();
    caller.join();
    WeakReference<Thread> gone = new WeakReference<>(caller);
    caller = null;

    assertEquals(1, clock.pending(), "a wake-up for the deadline is still pending");
    awaitCollected(gone);
    assertNull(gone.get(), "the pending timer must not hold the finished thread");
  }

  /** Runs inside the throwaway class loader: one routed call on the system scheduler. */
  public static final class InLoader implements Supplier<String> {
    @Override
    public String get() {
      ChatModel echo = ScriptedChatModel.answering("ok");
      Router r = Router.builder().model("echo", echo).timeout(Duration.ofMillis(200)).build();
      return r.chat("hi").text() + " " + r.chatAsync(ChatRequest.of("hi")).join().text();
    }
  }

  @Test
  void anIdleRouterLetsItsClassLoaderBeUnloaded() throws Exception {
    URL[] path = {
      location(Router.class), location(ChatModel.class), location(CircuitBreaker.class), location(LoggerFactory.class),
      location(ScriptedChatModel.class),
      location(NoRetentionTest.class)
    };
    URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
    @SuppressWarnings("unchecked")
    Supplier<String> call = (Supplier<String>) loader.loadClass(InLoader.class.getName()).getConstructor().newInstance();
    assertEquals("ok ok", call.get());
    WeakReference<ClassLoader> ref = new WeakReference<>(loader);
    call = null;
    loader.close();
    loader = null;

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (ref.get() != null && System.nanoTime() < end) {
      System.gc();
      Thread.sleep(200); // real time: the timer thread and workers end after their idle time
    }
    assertNull(ref.get(), "the router's threads must end when idle and not pin the loader");
  }

  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
  }
}
