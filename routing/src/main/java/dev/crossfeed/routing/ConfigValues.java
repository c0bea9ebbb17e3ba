package dev.crossfeed.routing;

import java.time.Duration;
import java.util.Map;

/** Value syntax of routing config files: {@code ${VAR}} substitution and durations such as {@code 250ms}. */
final class ConfigValues {
  private ConfigValues() {}

  /** Thrown with a problem description; the reader adds file and key. */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Replaces each {@code ${NAME}} with the variable's value; {@code $${} stays a literal {@code ${}.
   *
   * @throws BadValue naming a variable that is not set, or for an unterminated or empty reference
   */
  static String substitute(String s, Map<String, String> env) {
    int at = s.indexOf('$');
    if (at < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$' && s.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && s.startsWith("${", i)) {
        int end = s.indexOf('}', i + 2);
        if (end < 0) throw new BadValue("unterminated ${ in value");
        String name = s.substring(i + 2, end);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new BadValue("bad variable name '${" + name + "}'");
        String v = env.get(name);
        if (v == null) throw new BadValue("environment variable " + name + " is not set");
        out.append(v);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Parses {@code 250ms}, {@code 5s}, {@code 2m} or {@code 1h} (a whole number and a unit).
   *
   * @throws BadValue for anything else
   */
  static Duration duration(String s) {
    String t = s.strip();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
    if (i == 0 || i > 12) throw badDuration(s);
    long amount = Long.parseLong(t.substring(0, i));
    switch (t.substring(i)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        throw badDuration(s);
    }
  }

  private static BadValue badDuration(String s) {
    return new BadValue("bad duration '" + s + "' (write a whole number and ms, s, m or h, e.g. 250ms, 5s, 2m)");
  }

  /** The closest of {@code known} to {@code key} if it is a likely typo, else null. */
  static String suggest(String key, Iterable<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
