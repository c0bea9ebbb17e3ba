package dev.crossfeed.routing;

/**
 * The router's source of time: a monotonic clock, a sleep for blocking backoffs, and timers for deadlines,
 * attempt timeouts, asynchronous backoffs and hedges. Inject a manual implementation in tests to check backoffs,
 * Retry-After waits and breaker cooldowns without sleeping.
 *
 * <pre>{@code
 * Router router = Router.builder().model("a", a).scheduler(myManualScheduler).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Timer tasks must be run on some other thread than the one that
 * scheduled them (or later on the same one), never inline in {@link #schedule}. A task may start the next attempt
 * or call the caller's listeners, so it should not run on a thread that other timers depend on; the
 * {@linkplain #system() system scheduler} keeps time on one shared daemon thread and runs tasks on a small pool.
 */
public interface Scheduler {

  /** {@return monotonic time in nanoseconds, as {@link System#nanoTime()}; only differences are meaningful} */
  long nanoTime();

  /**
   * Blocks the calling thread for {@code nanos} (a synchronous backoff or Retry-After wait).
   *
   * @param nanos how long to block, in nanoseconds
   * @throws InterruptedException if the thread is interrupted while waiting (the router then cancels the call)
   */
  void sleep(long nanos) throws InterruptedException;

  /**
   * Runs {@code task} once, {@code delayNanos} from now (at once if zero or negative), unless cancelled first.
   *
   * @param delayNanos the delay in nanoseconds
   * @param task what to run
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(long delayNanos, Runnable task);

  /** A handle on a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started. Idempotent, never throws. */
    void cancel();
  }

  /** {@return real time: {@link System#nanoTime()}, {@link Thread#sleep}, one shared daemon timer thread and worker pool} */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }
}
