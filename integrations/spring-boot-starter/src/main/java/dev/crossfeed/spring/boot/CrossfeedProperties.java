package dev.crossfeed.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code crossfeed.*} properties (from {@code application.yml}, {@code .properties}, the command line, test
 * property sources...) as the routing config JSON that {@code RoutingConfigLoader} reads: one schema, two syntaxes.
 *
 * <p>Schema keys may be written kebab-case ({@code attempt-timeout}) or as in the JSON ({@code attemptTimeout});
 * names the user chooses (models, routes, weight keys, provider options) are kept verbatim. Values are resolved by
 * Spring ({@code ${VAR}}, {@code ${VAR:default}}) and then passed on literally. {@code crossfeed.enabled} and
 * {@code crossfeed.default-route} belong to the starter and are not part of the routing schema. Every JSON key
 * remembers the property it came from, so a loading error names the property as the user wrote it.
 */
final class CrossfeedProperties {
  static final String PREFIX = "crossfeed.";
  private static final Set<String> STARTER_KEYS = Set.of("enabled", "default-route", "defaultRoute");

  /** The routing config as nested maps, lists and strings. */
  final Map<String, Object> tree = new LinkedHashMap<>();
  /** JSON dotted path (and every prefix of it) to the property name it was written as. */
  final Map<String, String> propertyOf = new LinkedHashMap<>();
  /** Route names in the order they were first written. */
  final Set<String> routes = new LinkedHashSet<>();
  /** {@code crossfeed.default-route}, or null. */
  String defaultRoute;
  boolean enabled = true;
  boolean any;

  private CrossfeedProperties() {}

  static CrossfeedProperties read(ConfigurableEnvironment env) {
    CrossfeedProperties p = new CrossfeedProperties();
    Map<String, Object> raw = new LinkedHashMap<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource) || source.getName().equals("configurationProperties")) continue;
      // JVM system properties also carry other tools' crossfeed.* settings (e.g. crossfeed.shared.dir): from
      // there only the routing schema and the starter's keys are read; every other source must be all ours.
      boolean jvm = source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
      for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        if (name.startsWith(PREFIX) && (!jvm || ours(name))) raw.putIfAbsent(name, source.getProperty(name));
      }
    }
    for (Map.Entry<String, Object> e : raw.entrySet()) p.add(env, e.getKey(), e.getValue());
    return p;
  }

  private static boolean ours(String name) {
    String path = name.substring(PREFIX.length());
    return STARTER_KEYS.contains(path) || path.startsWith("models.") || path.startsWith("models[")
        || path.startsWith("routes.") || path.startsWith("routes[");
  }

  private void add(ConfigurableEnvironment env, String property, Object rawValue) {
    String path = property.substring(PREFIX.length());
    if (STARTER_KEYS.contains(path)) {
      String value = resolve(env, property, rawValue);
      if (path.equals("enabled")) enabled = !value.strip().equalsIgnoreCase("false");
      else defaultRoute = value.strip();
      return;
    }
    any = true;
    List<String> segments = segments(property, path);
    Object node = tree;
    StringBuilder json = new StringBuilder();
    StringBuilder prop = new StringBuilder("crossfeed");
    List<String> names = new ArrayList<>(); // the JSON names so far, to tell schema keys from user names
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      boolean last = i == segments.size() - 1;
      boolean index = seg.startsWith("[");
      String key = index || isUserName(names) ? seg : camel(seg);
      if (index) {
        json.append(seg);
        prop.append(seg);
      } else {
        if (json.length() > 0) json.append('.');
        json.append(key);
        prop.append('.').append(seg);
      }
      propertyOf.putIfAbsent(json.toString(), prop.toString());
      if (names.size() == 1 && names.get(0).equals("routes") && !index) routes.add(key);
      Object child = last ? resolveForLoader(env, property, rawValue) : nextContainer(segments.get(i + 1));
      node = put(property, node, key, index, child, last);
      names.add(key);
    }
  }

  /** Under {@code models}, {@code routes}, {@code options} and {@code weights} the keys are the user's names. */
  private static boolean isUserName(List<String> names) {
    int n = names.size();
    if (n == 1) return names.get(0).equals("models") || names.get(0).equals("routes");
    if (n == 3 && names.get(0).equals("models")) return names.get(2).equals("options");
    if (n == 3 && names.get(0).equals("routes")) return names.get(2).equals("weights");
    return false;
  }

  private static Object nextContainer(String nextSegment) {
    return nextSegment.startsWith("[") ? new ArrayList<Object>() : new LinkedHashMap<String, Object>();
  }

  @SuppressWarnings("unchecked")
  private static Object put(String property, Object node, String key, boolean index, Object child, boolean last) {
    if (index) {
      if (!(node instanceof List)) throw conflict(property);
      List<Object> list = (List<Object>) node;
      int i = Integer.parseInt(key.substring(1, key.length() - 1));
      while (list.size() <= i) list.add(null);
      Object existing = list.get(i);
      if (existing == null || last) list.set(i, child);
      else if (existing.getClass() != child.getClass()) throw conflict(property);
      return list.get(i);
    }
    if (!(node instanceof Map)) throw conflict(property);
    Map<String, Object> map = (Map<String, Object>) node;
    Object existing = map.get(key);
    if (existing == null) {
      map.put(key, child);
      return child;
    }
    if (last || existing.getClass() != child.getClass()) throw conflict(property);
    return existing;
  }

  private static IllegalStateException conflict(String property) {
    return new IllegalStateException(
        "Invalid Crossfeed configuration: property " + property + " is both a value and a group of properties");
  }

  /** {@code routes.default.models[0]} as {@code routes}, {@code default}, {@code models}, {@code [0]}. */
  private static List<String> segments(String property, String path) {
    List<String> out = new ArrayList<>();
    int i = 0;
    StringBuilder cur = new StringBuilder();
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        if (cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
        i++;
      } else if (c == '[') {
        if (cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
        int close = path.indexOf(']', i);
        if (close < 0) throw new IllegalStateException("Invalid Crossfeed configuration: malformed property name " + property);
        String inside = path.substring(i + 1, close);
        // [0] is a list index; [a.b] is a map key that holds dots, as Spring writes it
        if (inside.chars().allMatch(Character::isDigit) && !inside.isEmpty()) out.add("[" + inside + "]");
        else out.add(inside);
        i = close + 1;
      } else {
        cur.append(c);
        i++;
      }
    }
    if (cur.length() > 0) out.add(cur.toString());
    return out;
  }

  /** {@code attempt-timeout} as {@code attemptTimeout}; camelCase stays as it is. */
  static String camel(String kebab) {
    StringBuilder s = new StringBuilder(kebab.length());
    boolean upper = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }

  private static String resolve(ConfigurableEnvironment env, String property, Object rawValue) {
    String raw = String.valueOf(rawValue);
    try {
      return env.resolveRequiredPlaceholders(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid Crossfeed configuration: property " + property + ": " + e.getMessage(), e);
    }
  }

  /** Resolved by Spring, then escaped so the loader takes {@code ${} literally (it was Spring's to resolve). */
  private static String resolveForLoader(ConfigurableEnvironment env, String property, Object rawValue) {
    return resolve(env, property, rawValue).replace("${", "$${");
  }

  /** The property (as written) for a key the loader reported, or the key under {@code crossfeed.}. */
  String property(String jsonKey) {
    String p = propertyOf.get(jsonKey);
    return p != null ? p : PREFIX + jsonKey;
  }

  /** The config as JSON text for {@code RoutingConfigLoader.load(String, String)}. */
  String json() {
    StringBuilder out = new StringBuilder(512);
    write(out, tree);
    return out.toString();
  }

  private static void write(StringBuilder out, Object v) {
    if (v instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) out.append(',');
        first = false;
        string(out, (String) e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (v instanceof List) {
      out.append('[');
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) out.append(',');
        write(out, l.get(i));
      }
      out.append(']');
    } else if (v == null) {
      out.append("null");
    } else {
      string(out, (String) v);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    out.append('"');
  }
}
