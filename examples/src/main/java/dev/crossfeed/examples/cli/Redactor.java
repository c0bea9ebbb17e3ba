package dev.crossfeed.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A last line of defence: the secrets a config file holds (each model's {@code apiKey} and {@code header.*}
 * option, with {@code ${VAR}} resolved) are replaced by {@code [redacted]} in everything the CLI prints about a
 * failure. Providers and routing already keep keys out of messages; this makes the CLI's promise independent of
 * them.
 */
final class Redactor {
  static final Redactor NONE = new Redactor(List.of());
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");
  private static final int MIN_SECRET = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** The secrets of a parsed config file; never fails (an unreadable file simply has none). */
  static Redactor of(JsonNode config, Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    JsonNode models = config == null ? null : config.get("models");
    if (models == null || !models.isObject()) return NONE;
    for (Iterator<JsonNode> it = models.elements(); it.hasNext(); ) {
      JsonNode model = it.next();
      add(secrets, model.get("apiKey"), env);
      JsonNode options = model.get("options");
      if (options != null && options.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> o = options.fields(); o.hasNext(); ) {
          Map.Entry<String, JsonNode> e = o.next();
          if (e.getKey().startsWith("header.")) add(secrets, e.getValue(), env);
        }
      }
    }
    // longest first, so a key that contains another is replaced whole
    secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new Redactor(List.copyOf(secrets));
  }

  private static void add(List<String> secrets, JsonNode value, Map<String, String> env) {
    if (value == null || !value.isTextual()) return;
    String raw = value.asText();
    StringBuilder resolved = new StringBuilder();
    Matcher m = VAR.matcher(raw);
    int last = 0;
    while (m.find()) {
      resolved.append(raw, last, m.start());
      String v = env.get(m.group(1));
      if (v != null && v.isEmpty() && m.group(2) != null) v = null; // ${VAR:-default} and ${VAR:?msg} treat empty as unset
      if (v == null && "-".equals(m.group(2))) {
        resolved.append(m.group(3)); // the default, written in the file: no secret
      } else if (v != null) {
        resolved.append(v);
        if (v.strip().length() >= MIN_SECRET) secrets.add(v.strip());
      }
      last = m.end();
    }
    resolved.append(raw.substring(last));
    String whole = resolved.toString().strip();
    if (whole.length() >= MIN_SECRET) secrets.add(whole);
  }

  /** {@code text} with every known secret replaced. */
  String scrub(String text) {
    if (text == null || secrets.isEmpty()) return text;
    String out = text;
    for (String s : secrets) out = out.replace(s, "[redacted]");
    return out;
  }
}
