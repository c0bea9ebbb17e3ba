package dev.crossfeed.gemini;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough YAML for the VCR cassettes in the shared fixtures (block mappings and sequences, plain, quoted and
 * multi-line double-quoted scalars, {@code |} block scalars, empty flow collections), so tests need no YAML
 * dependency. Returns maps, lists, strings, longs, doubles, booleans and nulls.
 */
final class MiniYaml {
  private static final Pattern KEY = Pattern.compile("^('[^']*'|\"[^\"]*\"|[^\\s'\"#-][^:]*?|-[^\\s:][^:]*?):(?: |$)");

  private final List<String> lines = new ArrayList<>();
  private int pos;

  private MiniYaml(String text) {
    for (String l : text.replace("\r\n", "\n").split("\n", -1)) {
      lines.add(l);
    }
  }

  static Object parse(String text) {
    MiniYaml y = new MiniYaml(text);
    y.skipBlank();
    return y.pos >= y.lines.size() ? null : y.block(y.indent(y.pos));
  }

  private void skipBlank() {
    while (pos < lines.size() && (lines.get(pos).isBlank() || lines.get(pos).stripLeading().startsWith("#"))) pos++;
  }

  private int indent(int i) {
    String l = lines.get(i);
    int n = 0;
    while (n < l.length() && l.charAt(n) == ' ') n++;
    return n;
  }

  private Object block(int indent) {
    String t = lines.get(pos).substring(indent);
    return t.startsWith("- ") || t.equals("-") ? sequence(indent) : mapping(indent);
  }

  private List<Object> sequence(int indent) {
    List<Object> out = new ArrayList<>();
    while (true) {
      skipBlank();
      if (pos >= lines.size() || indent(pos) != indent) return out;
      String t = lines.get(pos).substring(indent);
      if (!(t.startsWith("- ") || t.equals("-"))) return out;
      String rest = t.length() > 2 ? t.substring(2) : "";
      int column = indent + 2;
      if (rest.isBlank()) {
        pos++;
        skipBlank();
        out.add(pos < lines.size() && indent(pos) > indent ? block(indent(pos)) : null);
      } else if (KEY.matcher(rest).find()) {
        lines.set(pos, " ".repeat(column) + rest);
        out.add(mapping(column));
      } else {
        out.add(scalar(rest, indent));
      }
    }
  }

  private Map<String, Object> mapping(int indent) {
    Map<String, Object> out = new LinkedHashMap<>();
    while (true) {
      skipBlank();
      if (pos >= lines.size() || indent(pos) != indent) return out;
      String t = lines.get(pos).substring(indent);
      if (t.startsWith("- ")) return out;
      Matcher m = KEY.matcher(t);
      if (!m.find()) throw new IllegalStateException("not a mapping entry at line " + (pos + 1) + ": " + t);
      String key = unquoteKey(m.group(1));
      String rest = t.substring(m.end()).strip();
      if (rest.isEmpty()) {
        pos++;
        skipBlank();
        if (pos < lines.size() && indent(pos) > indent) out.put(key, block(indent(pos)));
        else if (pos < lines.size() && indent(pos) == indent && lines.get(pos).substring(indent).startsWith("- ")) {
          out.put(key, sequence(indent));
        } else out.put(key, null);
      } else {
        out.put(key, scalar(rest, indent));
      }
    }
  }

  private static String unquoteKey(String k) {
    if (k.startsWith("'")) return k.substring(1, k.length() - 1).replace("''", "'");
    if (k.startsWith("\"")) return k.substring(1, k.length() - 1);
    return k.strip();
  }

  /** A scalar starting on the current line with text {@code first}; consumes its lines. */
  private Object scalar(String first, int parentIndent) {
    if (first.equals("{}")) {
      pos++;
      return new LinkedHashMap<String, Object>();
    }
    if (first.equals("[]")) {
      pos++;
      return new ArrayList<>();
    }
    if (first.startsWith("|") || first.startsWith(">")) return blockScalar(first, parentIndent);
    if (first.startsWith("\"")) return doubleQuoted(first);
    if (first.startsWith("'")) return singleQuoted(first);
    StringBuilder s = new StringBuilder(stripComment(first));
    pos++;
    while (pos < lines.size() && !lines.get(pos).isBlank() && indent(pos) > parentIndent) {
      s.append(' ').append(lines.get(pos).strip());
      pos++;
    }
    return typed(s.toString());
  }

  private static String stripComment(String s) {
    int i = s.indexOf(" #");
    return i >= 0 ? s.substring(0, i).strip() : s.strip();
  }

  private static Object typed(String s) {
    if (s.equals("null") || s.equals("~")) return null;
    if (s.equals("true")) return Boolean.TRUE;
    if (s.equals("false")) return Boolean.FALSE;
    if (s.matches("-?\\d{1,18}")) return Long.valueOf(s);
    if (s.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) return Double.valueOf(s);
    return s;
  }

  private String blockScalar(String header, int parentIndent) {
    char chomp = header.length() > 1 ? header.charAt(1) : ' ';
    pos++;
    List<String> body = new ArrayList<>();
    int contentIndent = -1;
    while (pos < lines.size()) {
      String l = lines.get(pos);
      if (!l.isBlank()) {
        int ind = indent(pos);
        if (ind <= parentIndent) break;
        if (contentIndent < 0) contentIndent = ind;
        body.add(l.substring(Math.min(contentIndent, ind)));
      } else {
        body.add("");
      }
      pos++;
    }
    String text = String.join("\n", body);
    if (chomp == '+') return text + "\n";
    String stripped = text.replaceAll("\n+$", "");
    return chomp == '-' ? stripped : stripped + "\n";
  }

  private String singleQuoted(String first) {
    StringBuilder raw = new StringBuilder(first.substring(1));
    while (!closesSingle(raw)) {
      pos++;
      raw.append(' ').append(lines.get(pos).strip());
    }
    pos++;
    String s = raw.toString();
    return s.substring(0, s.lastIndexOf('\'')).replace("''", "'");
  }

  private static boolean closesSingle(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\'') {
        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') i++;
        else return true;
      }
    }
    return false;
  }

  private String doubleQuoted(String first) {
    StringBuilder folded = new StringBuilder();
    String line = first.substring(1);
    while (true) {
      int close = closingQuote(line);
      if (close >= 0) {
        folded.append(line, 0, close);
        pos++;
        return unescape(folded.toString());
      }
      String content = line;
      int trailingBackslashes = 0;
      for (int i = content.length() - 1; i >= 0 && content.charAt(i) == '\\'; i--) trailingBackslashes++;
      pos++;
      String next = lines.get(pos).strip();
      if (trailingBackslashes % 2 == 1) {
        folded.append(content, 0, content.length() - 1); // escaped line break: join directly
      } else {
        folded.append(content.replaceAll("[ \t]+$", ""));
        folded.append(next.isEmpty() ? "\n" : " ");
      }
      line = lines.get(pos).stripLeading();
    }
  }

  private static int closingQuote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') i++;
      else if (c == '"') return i;
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case '0': out.append('\0'); break;
        case ' ': out.append(' '); break;
        case '/': out.append('/'); break;
        case '"': out.append('"'); break;
        case '\\': out.append('\\'); break;
        case 'x':
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
          break;
        case 'u':
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
          break;
        case 'U':
          out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
          i += 8;
          break;
        default:
          throw new IllegalStateException("unsupported YAML escape \\" + e);
      }
    }
    return out.toString();
  }
}
