package dev.crossfeed.adversarial.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.event.Level;

/**
 * What the capturing SLF4J binding saw. Every log call is checked at once against the registered forbidden strings
 * (sentinel keys), so the load suite can log millions of lines without keeping them; lines are kept only while
 * {@link #retain} is on. Thread-safe.
 */
public final class LogCapture {
  private static final int MAX_VIOLATIONS = 50;
  private static final Set<String> FORBIDDEN = new CopyOnWriteArraySet<>();
  private static final ConcurrentLinkedQueue<String> RETAINED = new ConcurrentLinkedQueue<>();
  private static final ConcurrentLinkedQueue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
  private static final Map<Level, AtomicLong> COUNTS = new EnumMap<>(Level.class);
  private static volatile boolean retain;

  static {
    for (Level l : Level.values()) COUNTS.put(l, new AtomicLong());
  }

  private LogCapture() {}

  /** Fails every later log line that contains {@code secret}. */
  public static void forbid(String secret) {
    FORBIDDEN.add(secret);
  }

  /** Keeps (true) or drops (false) the text of later lines; clears what was kept. */
  public static void retain(boolean on) {
    RETAINED.clear();
    retain = on;
  }

  /** The lines kept since {@link #retain}{@code (true)}: level, logger, message and throwable text. */
  public static List<String> retained() {
    return new ArrayList<>(RETAINED);
  }

  /** Lines that contained a forbidden string (at most 50 are kept), described without the secret. */
  public static List<String> violations() {
    return new ArrayList<>(VIOLATIONS);
  }

  /** Log calls seen at {@code level} since the JVM started. */
  public static long count(Level level) {
    return COUNTS.get(level).get();
  }

  /** Log calls seen at any level. */
  public static long total() {
    long n = 0;
    for (AtomicLong c : COUNTS.values()) n += c.get();
    return n;
  }

  static void record(Level level, String logger, String message, String throwableText) {
    COUNTS.get(level).incrementAndGet();
    String line = level + " " + logger + " " + message + throwableText;
    for (String secret : FORBIDDEN) {
      if (line.contains(secret) && VIOLATIONS.size() < MAX_VIOLATIONS) {
        VIOLATIONS.add(level + " " + logger + ": " + line.replace(secret, "<SENTINEL>"));
      }
    }
    if (retain) RETAINED.add(line);
  }

  /** {@code printStackTrace} of {@code t}, as text. */
  public static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    try (PrintWriter p = new PrintWriter(w)) {
      t.printStackTrace(p);
    }
    return w.toString();
  }
}
