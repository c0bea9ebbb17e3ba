package dev.crossfeed.benchmarks;

import dev.crossfeed.ApiKey;
import dev.crossfeed.ChatModelException;
import dev.crossfeed.ChatRequest;
import dev.crossfeed.ChatResponse;
import dev.crossfeed.StreamEvent;
import dev.crossfeed.StreamListener;
import dev.crossfeed.openai.OpenAiChatModel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A measured harness (not JMH): what {@code N} concurrent {@code streamAsync} calls cost while they are all open.
 * Each stream gets its first chunk at once and the rest only when every stream has started, so all {@code N} are in
 * flight at the moment the threads (by name, the stub's own excluded) and the heap after GC are counted. Uses the
 * shared default client, as an application that builds models without {@code .client(...)} does.
 *
 * <pre>{@code
 * java -cp "benchmarks/target/classes:$(cat cp.txt)" dev.crossfeed.benchmarks.AsyncStreamsProbe 1000
 * }</pre>
 */
public final class AsyncStreamsProbe {
  private AsyncStreamsProbe() {}

  /** @param args the number of concurrent streams (default 1000) */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    CountDownLatch release = new CountDownLatch(1);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    String first = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n";
    String last = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    try (StubServer stub = StubServer.start()) {
      stub.route("held", out -> {
        out.write(head);
        out.write(chunk(first));
        out.flush();
        try {
          release.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(chunk(last));
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      });
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(stub.baseUrl("held")).apiKey(ApiKey.of(Rig.API_KEY))
          .model(Payloads.MODEL).build();
      Map<String, Integer> before = threadsByKind();
      long heapBefore = usedHeapAfterGc();
      CountDownLatch started = new CountDownLatch(n);
      List<CompletableFuture<ChatResponse>> calls = new ArrayList<>(n);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        calls.add(model.streamAsync(ChatRequest.of("hi"), new StreamListener() {
          private boolean seen;

          @Override
          public void onEvent(StreamEvent event) {
            if (!seen && event instanceof StreamEvent.TextDelta) {
              seen = true;
              started.countDown();
            }
          }

          @Override
          public void onComplete(ChatResponse response) {}

          @Override
          public void onError(ChatModelException error) {
            started.countDown();
          }
        }));
      }
      boolean all = started.await(120, TimeUnit.SECONDS);
      long openMillis = (System.nanoTime() - t0) / 1_000_000;
      Map<String, Integer> during = threadsByKind();
      long heapDuring = usedHeapAfterGc();
      release.countDown();
      int ok = 0;
      for (CompletableFuture<ChatResponse> c : calls) {
        try {
          c.get(120, TimeUnit.SECONDS);
          ok++;
        } catch (Exception e) {
          // counted as not ok
        }
      }
      System.out.printf("%d concurrent streamAsync (JDK %s): all open=%s after %d ms; threads before %s, with all open %s;"
              + " heap after GC %d MiB before, %d MiB with all open (+%d KiB per stream); %d/%d completed%n",
          n, System.getProperty("java.version"), all, openMillis, before, during, heapBefore >> 20, heapDuring >> 20,
          Math.max(0, heapDuring - heapBefore) / 1024 / n, ok, n);
      model.close();
    }
  }

  private static byte[] chunk(String data) {
    byte[] d = data.getBytes(StandardCharsets.UTF_8);
    byte[] h = (Integer.toHexString(d.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + d.length + 2];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(d, 0, out, h.length, d.length);
    out[out.length - 2] = '\r';
    out[out.length - 1] = '\n';
    return out;
  }

  /** Live threads by kind: the library's, OkHttp's, and all others except the stub's connection threads. */
  private static Map<String, Integer> threadsByKind() {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (name.startsWith("stub-conn-")) continue;
      String kind = name.startsWith("crossfeed-stream-") || name.startsWith("crossfeed-async-") ? "crossfeed-async"
          : name.startsWith("crossfeed-http-") || name.startsWith("OkHttp") ? "okhttp-dispatcher" : "other";
      kinds.merge(kind, 1, Integer::sum);
    }
    return kinds;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
