package dev.crossfeed.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real time for routers: one lazily started daemon timer thread ({@code crossfeed-router-timer}) shared by every
 * router in the JVM; cancelled tasks leave its queue at once, so long deadlines do not pile up. Every task runs on a
 * small cached pool of daemon threads ({@code crossfeed-router-worker-N}), because it may start the next attempt
 * (provider code) or call the caller's listeners, and one slow task must not delay every other router's timers.
 * Both the timer thread and the workers end after 10 s without work and start again when needed, and they carry
 * no context class loader, so an idle router pins no thread and no web application's class loader.
 */
final class SystemScheduler implements Scheduler {
  static final SystemScheduler INSTANCE = new SystemScheduler();
  /** Seconds without work after which the timer thread and the workers end. */
  static final long IDLE_SECONDS = 10;

  private SystemScheduler() {}

  private static final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "crossfeed-router-timer");
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      e.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
      e.allowCoreThreadTimeOut(true); // the last thread stays while delayed tasks wait, then ends when idle
      e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      return e;
    }

    static final AtomicInteger WORKERS = new AtomicInteger();
    static final ExecutorService WORKER =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "crossfeed-router-worker-" + WORKERS.incrementAndGet());
              t.setDaemon(true);
              t.setContextClassLoader(null);
              return t;
            });
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    Runnable body = () -> Timer.WORKER.execute(task);
    ScheduledFuture<?> f = Timer.EXECUTOR.schedule(body, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public String toString() {
    return "Scheduler.system()";
  }
}
