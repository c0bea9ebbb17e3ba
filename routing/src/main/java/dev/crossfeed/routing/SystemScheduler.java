package dev.crossfeed.routing;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time for routers: one lazily started daemon thread ({@code crossfeed-router-timer}) shared by every router
 * in the JVM. Timer tasks are tiny (interrupt a thread, cancel a future, start the next attempt), so one thread
 * serves all calls; cancelled tasks are removed from the queue at once so long deadlines do not pile up.
 */
final class SystemScheduler implements Scheduler {
  static final SystemScheduler INSTANCE = new SystemScheduler();

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
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      return e;
    }
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
    ScheduledFuture<?> f = Timer.EXECUTOR.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public String toString() {
    return "Scheduler.system()";
  }
}
