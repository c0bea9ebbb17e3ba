package dev.crossfeed.http;

import java.security.CodeSource;

/**
 * Fails fast, naming the cause, when the OkHttp on the classpath is older than 5. OkHttp 5 ships as
 * {@code com.squareup.okhttp3:okhttp-jvm} and OkHttp 4 as {@code com.squareup.okhttp3:okhttp}: different
 * artifactIds, so a build resolves both side by side, and because they share their packages whichever comes first
 * on the classpath wins; with 4 winning, calls fail with a {@code NoSuchMethodError} far from the cause.
 */
final class OkHttpVersion {
  /** The problem found on this classpath, or "" if OkHttp 5+ is loaded; computed once. */
  private static volatile String problem;

  private OkHttpVersion() {}

  /** @throws IllegalStateException naming both artifacts and the fix if the loaded OkHttp is older than 5 */
  static void require() {
    String p = problem;
    if (p == null) {
      p = problem(loadedVersion(), location());
      problem = p;
    }
    if (!p.isEmpty()) throw new IllegalStateException(p);
  }

  /** The message for {@code version} (null if unknown), or "" if it is 5 or newer. */
  static String problem(String version, String location) {
    if (version != null && major(version) >= 5) return "";
    return "Crossfeed needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm 5.x), but OkHttp "
        + (version == null ? "older than 4.x" : version) + " was loaded from " + location + ". Another dependency "
        + "brings com.squareup.okhttp3:okhttp 4.x, whose classes have the same names as OkHttp 5's, so the two "
        + "artifacts clash on one classpath. Fix: exclude com.squareup.okhttp3:okhttp from that dependency, or "
        + "manage com.squareup.okhttp3:okhttp to 5.x (or import the okhttp-bom 5.x) so both resolve to OkHttp 5.";
  }

  private static int major(String version) {
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) end++;
    try {
      return end == 0 ? -1 : Integer.parseInt(version.substring(0, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String loadedVersion() {
    try {
      // read at run time: the constant would be inlined from the OkHttp Crossfeed was compiled against
      Object v = Class.forName("okhttp3.OkHttp", false, OkHttpVersion.class.getClassLoader()).getField("VERSION").get(null);
      return v instanceof String ? (String) v : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static String location() {
    try {
      CodeSource source = okhttp3.OkHttpClient.class.getProtectionDomain().getCodeSource();
      return source == null || source.getLocation() == null ? "an unknown location" : source.getLocation().toString();
    } catch (SecurityException e) {
      return "an unknown location";
    }
  }
}
