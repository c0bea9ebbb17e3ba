package dev.crossfeed.routing;

import dev.crossfeed.spi.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Value syntax of routing config files: {@code ${VAR}} substitution (three forms) and durations such as {@code 250ms}. */
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
   * A cause chain that is safe to attach to a config error: {@code cause} itself when {@code redact} changes none of
   * its messages, else a copy whose every message went through {@code redact} (a provider's exception quotes the
   * value it refused, which may be a key misplaced from the environment). The copies keep the class names and stack
   * traces.
   */
  static Throwable redactedChain(Throwable cause, UnaryOperator<String> redact) {
    boolean changed = false;
    int depth = 0;
    for (Throwable t = cause; t != null && depth < 32; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m != null && !m.equals(redact.apply(m))) changed = true;
    }
    return changed ? copy(cause, redact, 0) : cause;
  }

  private static Throwable copy(Throwable t, UnaryOperator<String> redact, int depth) {
    if (t == null || depth >= 32) return null;
    String m = t.getMessage();
    Redacted r = new Redacted(t.getClass().getName(), m == null ? null : redact.apply(m), copy(t.getCause(), redact, depth + 1));
    r.setStackTrace(t.getStackTrace());
    return r;
  }

  /** Stands in for an exception whose message was redacted; prints as that exception's class, marked redacted. */
  static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String className;

    Redacted(String className, String message, Throwable cause) {
      super(message, cause, false, true);
      this.className = className;
    }

    @Override
    public String toString() {
      String m = getMessage();
      return className + " (message redacted)" + (m == null ? "" : ": " + m);
    }
  }

  /** A variable reference's body: a name, optionally {@code :-default} or {@code :?message}. */
  private static final Pattern REFERENCE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::([-?])(.*))?", Pattern.DOTALL);

  /** Receives each variable value substituted and the reference it came from. */
  interface Substitutions {
    void substituted(String value, String reference);
  }

  /** As {@link #substitute(String, Map, Substitutions)}, telling nobody what was substituted. */
  static String substitute(String s, Map<String, String> env) {
    return substitute(s, env, (value, reference) -> {});
  }

  /**
   * Replaces each reference with its value; {@code $${} stays a literal {@code ${}. The forms, as in a shell:
   * {@code ${NAME}} the variable, required; {@code ${NAME:-default}} the variable, or {@code default} when it is unset
   * or empty; {@code ${NAME:?message}} the variable, required, {@code message} saying why when it is missing. A
   * default or message ends at the first {@code }} and holds no references.
   *
   * @throws BadValue naming a variable that is not set, or for an unterminated or malformed reference
   */
  static String substitute(String s, Map<String, String> env, Substitutions seen) {
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
        String reference = s.substring(i, end + 1);
        Matcher m = REFERENCE.matcher(s.substring(i + 2, end));
        if (!m.matches()) throw new BadValue("bad variable name '" + reference + "'");
        String name = m.group(1);
        String v = env.get(name);
        boolean missing = v == null || (m.group(2) != null && v.isEmpty());
        if (!missing) {
          seen.substituted(v, reference);
          out.append(v);
        } else if ("-".equals(m.group(2))) {
          out.append(m.group(3));
        } else {
          String why = "?".equals(m.group(2)) && !m.group(3).isBlank() ? ": " + m.group(3).strip() : "";
          throw new BadValue("environment variable " + name + " is not set" + why);
        }
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
   * @throws BadValue for anything else, or a duration longer than {@link Durations#MAX}
   */
  static Duration duration(String s) {
    String t = s.strip();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
    if (i == 0 || i > 12) throw badDuration(s);
    long amount = Long.parseLong(t.substring(0, i));
    Duration d;
    switch (t.substring(i)) {
      case "ms":
        d = Duration.ofMillis(amount);
        break;
      case "s":
        d = Duration.ofSeconds(amount);
        break;
      case "m":
        d = Duration.ofMinutes(amount);
        break;
      case "h":
        d = Duration.ofHours(amount);
        break;
      default:
        throw badDuration(s);
    }
    if (Durations.isTooLong(d)) {
      throw new BadValue("duration '" + s + "' is too long (at most " + Durations.MAX.toHours() + "h, 100 years)");
    }
    return d;
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
