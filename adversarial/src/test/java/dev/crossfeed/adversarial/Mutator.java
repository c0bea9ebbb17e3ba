package dev.crossfeed.adversarial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Seeded byte-level mutations: truncation, byte flips, invalid UTF-8, huge numbers, deep nesting, long lines. */
final class Mutator {
  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  byte[] mutate(byte[] seed) {
    switch (random.nextInt(9)) {
      case 0:
        return Arrays.copyOf(seed, random.nextInt(seed.length + 1));
      case 1:
        return flip(seed, 1 + random.nextInt(8));
      case 2:
        return insert(seed, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
      case 3:
        return insert(seed, ("9".repeat(500 + random.nextInt(5000))).getBytes(StandardCharsets.US_ASCII));
      case 4:
        return insert(seed, ("[".repeat(1000 + random.nextInt(5000))).getBytes(StandardCharsets.US_ASCII));
      case 5:
        return insert(seed, ("x".repeat(5000 + random.nextInt(20000))).getBytes(StandardCharsets.US_ASCII));
      case 6:
        return insert(seed, "\n\nevent: surprise\ndata: {\"type\":\"unknown_event\"}\n\n".getBytes(StandardCharsets.UTF_8));
      case 7:
        return shuffleLines(seed);
      default:
        return seed.clone();
    }
  }

  private byte[] flip(byte[] seed, int n) {
    byte[] out = seed.clone();
    for (int i = 0; i < n && out.length > 0; i++) out[random.nextInt(out.length)] = (byte) random.nextInt(256);
    return out;
  }

  private byte[] insert(byte[] seed, byte[] junk) {
    int at = random.nextInt(seed.length + 1);
    byte[] out = new byte[seed.length + junk.length];
    System.arraycopy(seed, 0, out, 0, at);
    System.arraycopy(junk, 0, out, at, junk.length);
    System.arraycopy(seed, at, out, at + junk.length, seed.length - at);
    return out;
  }

  private byte[] shuffleLines(byte[] seed) {
    String[] lines = new String(seed, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = lines.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = lines[i];
      lines[i] = lines[j];
      lines[j] = t;
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }
}
