package dev.crossfeed.examples.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * {@code crossfeed bench}: hands over to {@code dev.crossfeed.benchmarks.BenchMain.main(String[])} when the
 * benchmarks module is on the classpath, found by reflection so this module does not depend on it.
 */
final class BenchCommand {
  static final String BENCH_MAIN = "dev.crossfeed.benchmarks.BenchMain";

  private BenchCommand() {}

  static int run(String[] args, PrintStream stderr) {
    return run(BENCH_MAIN, args, stderr);
  }

  static int run(String className, String[] args, PrintStream stderr) {
    Method main;
    try {
      Class<?> type = Class.forName(className, true, BenchCommand.class.getClassLoader());
      main = type.getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      stderr.println("crossfeed: benchmarks not built");
      return 2;
    }
    if (!Modifier.isStatic(main.getModifiers())) {
      stderr.println("crossfeed: benchmarks not built (" + className + ".main is not static)");
      return 2;
    }
    try {
      main.invoke(null, (Object) args.clone());
      return 0;
    } catch (IllegalAccessException e) {
      stderr.println("crossfeed: benchmarks not built (" + className + ".main is not public)");
      return 2;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      if (cause instanceof Error) throw (Error) cause;
      // a checked exception, e.g. JMH's RunnerException: the benchmarks ran and failed
      stderr.println("crossfeed: benchmarks failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
      return 1;
    }
  }
}
