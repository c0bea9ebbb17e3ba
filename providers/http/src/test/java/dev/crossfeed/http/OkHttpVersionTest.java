package dev.crossfeed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OkHttp 4 next to OkHttp 5 fails at first use with a message naming both artifacts and the fix. */
@Timeout(20)
class OkHttpVersionTest {
  @Test
  void okHttpFiveOrNewerPasses() {
    OkHttpVersion.require();
    assertEquals("", OkHttpVersion.problem("5.3.2", "x"));
    assertEquals("", OkHttpVersion.problem("6.0.0-alpha01", "x"));
  }

  @Test
  void olderVersionsAreNamedWithBothArtifactsAndTheFix() {
    for (String v : new String[] {"4.12.0", "3.14.9", null}) {
      String m = OkHttpVersion.problem(v, "file:/repo/okhttp-4.12.0.jar");
      assertTrue(m.contains("com.squareup.okhttp3:okhttp-jvm") && m.contains("com.squareup.okhttp3:okhttp 4.x"), m);
      assertTrue(m.contains("exclude") && m.contains("file:/repo/okhttp-4.12.0.jar"), m);
    }
  }

  /** The real clash: OkHttp 4.12's classes shadow OkHttp 5's (child-first, as when okhttp 4 comes first). */
  @Test
  void okHttpFourFirstOnTheClasspathFailsAtFirstUse() throws Exception {
    Path five = Paths.get(okhttp3.OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // .../com/squareup/okhttp3/okhttp-jvm/5.x/okhttp-jvm-5.x.jar -> .../com/squareup/okhttp3/okhttp/4.12.0/okhttp-4.12.0.jar
    Path four = five.getParent().getParent().getParent().resolve("okhttp/4.12.0/okhttp-4.12.0.jar");
    assumeTrue(Files.isRegularFile(four), "OkHttp 4.12.0 is not in the local repository: " + four);
    URL ours = OkHttpVersion.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader clash = new ChildFirst(new URL[] {four.toUri().toURL(), ours}, getClass().getClassLoader())) {
      Class<?> clients = clash.loadClass("dev.crossfeed.http.HttpClients");
      InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> clients.getMethod("shared").invoke(null));
      IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(cause.getMessage().contains("OkHttp 4.12.0 was loaded from") && cause.getMessage().contains("okhttp-4.12.0.jar"),
          cause.getMessage());
    }
  }

  /** Loads OkHttp and crossfeed-http itself first, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("okhttp3.") && !name.startsWith("dev.crossfeed.http.")) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            c = super.loadClass(name, false);
          }
        }
        if (resolve) resolveClass(c);
        return c;
      }
    }
  }
}
