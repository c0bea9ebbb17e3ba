package dev.crossfeed;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Default async implementations for {@link ChatModel}: one short-lived daemon thread per call. */
final class AsyncSupport {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private AsyncSupport() {}

  static <T> CompletableFuture<T> supply(Supplier<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                future.complete(work.get());
              } catch (Throwable e) {
                future.completeExceptionally(e);
              }
            },
            "crossfeed-async-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    future.whenComplete((r, e) -> {
      if (e instanceof CancellationException) t.interrupt();
    });
    t.start();
    return future;
  }

  static CompletableFuture<ChatResponse> pushStream(ChatModel model, ChatRequest request, StreamListener listener) {
    AtomicReference<ChatStream> open = new AtomicReference<>();
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              ChatModelException error = null;
              ChatResponse done = null;
              try (ChatStream stream = model.stream(request)) {
                open.set(stream);
                if (future.isDone()) return;
                for (StreamEvent e : stream) {
                  listener.onEvent(e);
                  if (e instanceof StreamEvent.Completed) done = ((StreamEvent.Completed) e).response();
                }
                if (done == null) done = stream.response();
              } catch (ChatModelException e) {
                error = e;
              } catch (Throwable e) { // also what a listener threw, and undeclared checked exceptions
                future.completeExceptionally(e);
                if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
                return;
              }
              if (future.isDone()) return;
              if (error != null) {
                try {
                  listener.onError(error);
                } catch (RuntimeException ignored) {
                  // the future still completes, with the stream's own failure
                } finally {
                  future.completeExceptionally(error);
                }
              } else {
                try {
                  listener.onComplete(done);
                } catch (Throwable e) { // the future completes once, with what the listener threw
                  future.completeExceptionally(e);
                  if (e instanceof VirtualMachineError) throw (VirtualMachineError) e;
                  return;
                }
                future.complete(done);
              }
            },
            "crossfeed-stream-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    future.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        ChatStream s = open.get();
        if (s != null) s.close();
        t.interrupt();
      }
    });
    t.start();
    return future;
  }
}
