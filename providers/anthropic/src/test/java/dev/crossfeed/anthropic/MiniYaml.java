package dev.crossfeed.anthropic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The YAML subset VCR cassettes use, enough to replay them without a YAML dependency: block mappings and
 * sequences (a sequence may sit at its key's indentation), plain scalars (multi-line plain scalars folded),
 * single- and double-quoted scalars, literal block scalars ({@code |}, {@code |-}, {@code |+}), empty flow
 * collections, and {@code ...} as the document end. Plain scalars are typed like YAML core: null, booleans,
 * integers, floats. Test code only.
 */
final class MiniYaml {
  private static final Pattern INT = Pattern.compile("-?\\d+");
  private static final Pattern FLOAT = Pattern.compile("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");

  private final List<String> lines = new ArrayList<>();
  private int pos;

  private MiniYaml(String text) {
    for (String l : text.split("\n", -1)) {
      if (l.equals("...") || l.equals("---")) {
        if (!lines.isEmpty()) break;
        continue;
      }
      lines.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    }
  }

  /** The document as maps, lists, strings, numbers, booleans and nulls. */
  static Object parse(String text) {
    MiniYaml y = new MiniYaml(text);
    y.skipBlank();
    return y.pos >= y.lines.size() ? null : y.block(y.indent(y.pos));
  }

  private Object block(int indent) {
    return rest(pos).startsWith("- ") || rest(pos).equals("-") ? sequence(indent) : mapping(indent);
  }

  private List<Object> sequence(int indent) {
    List<Object> out = new ArrayList<>();
    while (skipBlank() && indent(pos) == indent && (rest(pos).startsWith("- ") || rest(pos).equals("-"))) {
      String item = rest(pos).length() > 1 ? rest(pos).substring(2) : "";
      String itemTrim = item.strip();
      if (itemTrim.isEmpty()) {
        pos++;
        skipBlank();
        out.add(pos < lines.size() && indent(pos) > indent ? block(indent(pos)) : null);
      } else if (keyEnd(itemTrim) > 0 && !itemTrim.startsWith("'") && !itemTrim.startsWith("\"")) {
        int col = indent + 2 + (item.length() - item.stripLeading().length());
        lines.set(pos, " ".repeat(col) + itemTrim); // the item's mapping continues at this column
        out.add(mapping(col));
      } else {
        out.add(scalar(itemTrim, indent));
      }
    }
    return out;
  }

  private Map<String, Object> mapping(int indent) {
    Map<String, Object> out = new LinkedHashMap<>();
    while (skipBlank() && indent(pos) == indent && !rest(pos).startsWith("- ")) {
      String line = rest(pos);
      int colon = keyEnd(line);
      if (colon < 0) throw new IllegalArgumentException("line " + (pos + 1) + ": expected 'key: value': " + line);
      String key = unquoteKey(line.substring(0, colon).strip());
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty()) {
        pos++;
        if (!skipBlank()) {
          out.put(key, null);
        } else if (indent(pos) > indent || (indent(pos) == indent && rest(pos).startsWith("- "))) {
          out.put(key, block(indent(pos)));
        } else {
          out.put(key, null);
        }
      } else if (value.startsWith("|") || value.startsWith(">")) {
        out.put(key, blockScalar(value, indent));
      } else {
        out.put(key, scalar(value, indent));
      }
    }
    return out;
  }

  /** A scalar starting on the current line with {@code first}; continuation lines are indented beyond {@code indent}. */
  private Object scalar(String first, int indent) {
    pos++;
    if (first.startsWith("'") || first.startsWith("\"")) {
      StringBuilder raw = new StringBuilder(first);
      char q = first.charAt(0);
      while (!closed(raw, q) && pos < lines.size()) raw.append('\n').append(lines.get(pos++).strip());
      return q == '\'' ? single(raw.toString()) : dbl(raw.toString());
    }
    StringBuilder s = new StringBuilder(first);
    while (pos < lines.size() && !lines.get(pos).isBlank() && indent(pos) > indent) s.append(' ').append(lines.get(pos++).strip());
    String v = s.toString();
    if (v.equals("{}")) return new LinkedHashMap<String, Object>();
    if (v.equals("[]")) return new ArrayList<>();
    if (v.equals("null") || v.equals("~")) return null;
    if (v.equals("true") || v.equals("false")) return Boolean.valueOf(v);
    if (INT.matcher(v).matches()) return Long.valueOf(v);
    if (FLOAT.matcher(v).matches()) return Double.valueOf(v);
    return v;
  }

  private String blockScalar(String header, int indent) {
    boolean keep = header.contains("+");
    boolean strip = header.contains("-");
    boolean folded = header.startsWith(">");
    pos++;
    List<String> body = new ArrayList<>();
    int contentIndent = -1;
    while (pos < lines.size()) {
      String l = lines.get(pos);
      if (!l.isBlank()) {
        if (indent(pos) <= indent) break;
        if (contentIndent < 0) contentIndent = indent(pos);
      }
      body.add(l);
      pos++;
    }
    int trailing = 0;
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
      trailing++;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < body.size(); i++) {
      String l = body.get(i);
      String content = l.length() >= contentIndent ? l.substring(contentIndent) : "";
      if (i > 0) s.append(folded && !content.isEmpty() && !body.get(i - 1).isBlank() ? " " : "\n");
      s.append(content);
    }
    if (strip || body.isEmpty()) return s.toString();
    return s.append(keep ? "\n".repeat(trailing + 1) : "\n").toString();
  }

  private static boolean closed(StringBuilder raw, char q) {
    if (raw.length() < 2) return false;
    int i = 1;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (q == '"' && c == '\\') {
        i += 2;
        continue;
      }
      if (c == q) {
        if (q == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return true;
      }
      i++;
    }
    return false;
  }

  private static String single(String raw) {
    String inner = raw.substring(1, raw.lastIndexOf('\''));
    return fold(inner).replace("''", "'");
  }

  private static String dbl(String raw) {
    String inner = raw.substring(1, raw.lastIndexOf('"'));
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\n') {
        s.append(' ');
      } else if (c != '\\' || i + 1 >= inner.length()) {
        s.append(c);
      } else {
        char e = inner.charAt(++i);
        switch (e) {
          case 'n': s.append('\n'); break;
          case 'r': s.append('\r'); break;
          case 't': s.append('\t'); break;
          case '0': s.append('\0'); break;
          case '/': s.append('/'); break;
          case '\n': break; // escaped line break: joined without a space
          case 'u': s.append((char) Integer.parseInt(inner.substring(i + 1, i + 5), 16)); i += 4; break;
          case 'x': s.append((char) Integer.parseInt(inner.substring(i + 1, i + 3), 16)); i += 2; break;
          default: s.append(e);
        }
      }
    }
    return s.toString();
  }

  private static String fold(String s) {
    return s.replaceAll("\n\n", "\u0000").replace('\n', ' ').replace('\u0000', '\n');
  }

  /** Index of the colon that ends a mapping key in {@code line}, or -1. */
  private static int keyEnd(String line) {
    boolean quoted = line.startsWith("'") || line.startsWith("\"");
    int from = quoted ? line.indexOf(line.charAt(0), 1) : 0;
    if (from < 0) return -1;
    for (int i = from; i < line.length(); i++) {
      if (line.charAt(i) == ':' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) return i;
    }
    return -1;
  }

  private static String unquoteKey(String key) {
    if (key.length() >= 2 && (key.startsWith("'") || key.startsWith("\""))) return key.substring(1, key.length() - 1);
    return key;
  }

  private boolean skipBlank() {
    while (pos < lines.size() && (lines.get(pos).isBlank() || lines.get(pos).stripLeading().startsWith("#"))) pos++;
    return pos < lines.size();
  }

  private int indent(int i) {
    String l = lines.get(i);
    return l.length() - l.stripLeading().length();
  }

  private String rest(int i) {
    return lines.get(i).stripLeading();
  }
}
