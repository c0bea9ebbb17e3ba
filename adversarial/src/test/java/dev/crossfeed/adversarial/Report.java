package dev.crossfeed.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Figures for the closing note: printed and appended to {@code target/adversarial-report.txt}. */
final class Report {
  private static final Path FILE = Path.of("target", "adversarial-report.txt");

  private Report() {}

  static synchronized void line(String text) {
    System.out.println("[adversarial] " + text);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, text + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
