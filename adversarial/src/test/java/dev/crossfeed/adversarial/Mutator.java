package dev.crossfeed.adversarial;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a wire sample: truncation, byte flips, invalid UTF-8, huge and boundary numbers, deep nesting,
 * long lines, unknown or absurd events, and events reordered, dropped or repeated. The same seed gives the same
 * inputs, so a failure names a reproducible case.
 */
final class Mutator {
  /** One kind of damage. */
  enum Kind {
    TRUNCATE,
    FLIP_BYTES,
    INVALID_UTF8,
    HUGE_NUMBER,
    DEEP_NESTING,
    LONG_LINE,
    STRANGE_EVENT,
    REORDER_EVENTS,
    DROP_EVENTS,
    REPEAT_EVENTS,
    SHUFFLE_LINES,
    STACKED
  }

  /** A mutated input and what was done to it. */
  record Mutant(Kind kind, byte[] bytes) {}

  private static final String[] NUMBERS = {
    "-1", "0", "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1.5", "1e308", "1e999999",
    "-1e999999", "0.0000000000000000000000001", "1" + "0".repeat(390), "9".repeat(401), "9".repeat(5000), "NaN", "Infinity"
  };
  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}, {0}
  };

  private final Random random;
  private final Provider provider;

  Mutator(long seed, Provider provider) {
    this.random = new Random(seed);
    this.provider = provider;
  }

  Mutant next(byte[] seed) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return new Mutant(kind, apply(kind, seed));
  }

  private byte[] apply(Kind kind, byte[] seed) {
    switch (kind) {
      case TRUNCATE:
        return Arrays.copyOf(seed, random.nextInt(seed.length + 1));
      case FLIP_BYTES:
        return flip(seed, 1 + random.nextInt(8));
      case INVALID_UTF8:
        return insert(seed, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
      case HUGE_NUMBER:
        return hugeNumber(seed);
      case DEEP_NESTING:
        return deepNesting(seed);
      case LONG_LINE:
        return insert(seed, ascii("\"" + "x".repeat(5_000 + random.nextInt(200_000)) + "\""));
      case STRANGE_EVENT:
        return strangeEvent(seed);
      case REORDER_EVENTS:
        return events(seed, Op.SHUFFLE);
      case DROP_EVENTS:
        return events(seed, Op.DROP);
      case REPEAT_EVENTS:
        return events(seed, Op.REPEAT);
      case SHUFFLE_LINES:
        return shuffleLines(seed);
      default:
        byte[] out = seed;
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
          out = apply(Kind.values()[random.nextInt(Kind.STACKED.ordinal())], out);
        }
        return out;
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

  /** Replaces one run of digits (a count, an index, a token figure) with a huge or boundary number. */
  private byte[] hugeNumber(byte[] seed) {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < seed.length; i++) {
      if (seed[i] >= '0' && seed[i] <= '9') {
        int start = i;
        while (i < seed.length && seed[i] >= '0' && seed[i] <= '9') i++;
        runs.add(new int[] {start, i});
      }
    }
    if (runs.isEmpty()) return insert(seed, ascii(NUMBERS[random.nextInt(NUMBERS.length)]));
    int[] run = runs.get(random.nextInt(runs.size()));
    return splice(seed, run[0], run[1], ascii(NUMBERS[random.nextInt(NUMBERS.length)]));
  }

  /** Adds a deeply nested value right after an object's opening brace (sometimes under the limit, mostly over). */
  private byte[] deepNesting(byte[] seed) {
    int[] depths = {50, 150, 199, 201, 1_000, 20_000, 200_000};
    int depth = depths[random.nextInt(depths.length)];
    boolean arrays = random.nextBoolean();
    String value = arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"d\":".repeat(depth) + "1" + "}".repeat(depth);
    List<Integer> braces = new ArrayList<>();
    for (int i = 0; i < seed.length; i++) if (seed[i] == '{') braces.add(i);
    if (braces.isEmpty() || random.nextInt(5) == 0) return insert(seed, ascii(arrays ? "[".repeat(depth) : value));
    int at = braces.get(random.nextInt(braces.size())) + 1;
    return splice(seed, at, at, ascii("\"deep\":" + value + ","));
  }

  private byte[] strangeEvent(byte[] seed) {
    List<String> strange = provider.strangeEvents();
    List<String> events = split(seed);
    events.add(random.nextInt(events.size() + 1), strange.get(random.nextInt(strange.size())));
    return join(events);
  }

  private enum Op {
    SHUFFLE,
    DROP,
    REPEAT
  }

  private byte[] events(byte[] seed, Op op) {
    List<String> events = split(seed);
    if (events.isEmpty()) return seed;
    switch (op) {
      case SHUFFLE:
        if (random.nextBoolean()) {
          Collections.shuffle(events, random);
        } else {
          int a = random.nextInt(events.size());
          int b = random.nextInt(events.size());
          Collections.swap(events, a, b);
        }
        break;
      case DROP:
        for (int i = 0, n = 1 + random.nextInt(Math.max(1, events.size() / 2)); i < n && !events.isEmpty(); i++) {
          events.remove(random.nextInt(events.size()));
        }
        break;
      default:
        int i = random.nextInt(events.size());
        for (int k = 0, n = 1 + random.nextInt(20); k < n; k++) events.add(i, events.get(i));
        break;
    }
    return join(events);
  }

  /** The seed's events (for a JSON body: the one body), each with its separator. */
  private List<String> split(byte[] seed) {
    String text = new String(seed, StandardCharsets.UTF_8);
    String sep = provider.eventSeparator();
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int end = text.indexOf(sep, from);
      int next = end < 0 ? text.length() : end + sep.length();
      out.add(text.substring(from, next));
      from = next;
    }
    return out;
  }

  private static byte[] join(List<String> events) {
    return String.join("", events).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] shuffleLines(byte[] seed) {
    List<String> lines = new ArrayList<>(Arrays.asList(new String(seed, StandardCharsets.UTF_8).split("\n", -1)));
    Collections.shuffle(lines, random);
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] splice(byte[] seed, int from, int to, byte[] with) {
    byte[] out = new byte[seed.length - (to - from) + with.length];
    System.arraycopy(seed, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(seed, to, out, from + with.length, seed.length - to);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
