package dev.crossfeed.testing.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough YAML to read the VCR cassettes in the shared fixtures (as PyYAML writes them): block mappings and
 * sequences (a sequence may sit at its key's indentation), plain scalars folded over several lines, single- and
 * double-quoted scalars (multi-line, {@code ''} and backslash escapes incl. {@code \U0001F60A}), block scalars
 * {@code |}, {@code |-}, {@code |+}, {@code !!binary} (base64, read as a binary node), and the empty flow
 * collections {@code {}} and {@code []}. Plain scalars are
 * typed like YAML 1.1 (null, booleans, numbers). A leading {@code ---} and a closing {@code ...} or {@code ---}
 * delimit the (first) document. Anything else fails loudly rather than parsing wrongly.
 */
final class MiniYaml {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final String[] lines;
  private int pos;

  private MiniYaml(String text) {
    String[] all = text.replace("\r\n", "\n").split("\n", -1);
    int start = 0;
    while (start < all.length && (all[start].isBlank() || all[start].startsWith("#"))) start++;
    if (start < all.length && all[start].equals("---")) start++; // start of the document
    int end = all.length;
    for (int i = start; i < all.length; i++) {
      if (all[i].equals("...") || all[i].equals("---")) {
        end = i; // end of the (first) document
        break;
      }
    }
    this.lines = Arrays.copyOfRange(all, start, end);
  }

  static JsonNode parse(String text) {
    MiniYaml y = new MiniYaml(text);
    y.skipBlank();
    return y.pos >= y.lines.length ? F.nullNode() : y.node(indent(y.lines[y.pos]));
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') i++;
    return i;
  }

  private static boolean blank(String line) {
    String t = line.strip();
    return t.isEmpty() || t.startsWith("#");
  }

  private void skipBlank() {
    while (pos < lines.length && blank(lines[pos])) pos++;
  }

  private boolean isItem(String line, int ind) {
    return indent(line) == ind && (line.startsWith("- ", ind) || line.substring(ind).equals("-"));
  }

  private JsonNode node(int ind) {
    skipBlank();
    if (isItem(lines[pos], ind)) return sequence(ind);
    String content = lines[pos].substring(ind);
    boolean quoted = content.startsWith("\"") || content.startsWith("'");
    // a quoted scalar on the line after its key ("string:" then an indented "..." as VCR writes long bodies)
    if (quoted && keyEnd(content) < 0) return scalar(content, ind - 1);
    return mapping(ind);
  }

  private ArrayNode sequence(int ind) {
    ArrayNode out = F.arrayNode();
    while (true) {
      skipBlank();
      if (pos >= lines.length || !isItem(lines[pos], ind)) return out;
      String rest = lines[pos].substring(Math.min(lines[pos].length(), ind + 2));
      if (rest.isBlank()) {
        pos++;
        skipBlank();
        out.add(node(indent(lines[pos])));
      } else if (keyEnd(rest) >= 0) {
        lines[pos] = " ".repeat(ind + 2) + rest; // the item is a mapping starting on this line
        out.add(mapping(ind + 2));
      } else {
        out.add(scalar(rest, ind));
      }
    }
  }

  private ObjectNode mapping(int ind) {
    ObjectNode out = F.objectNode();
    while (true) {
      skipBlank();
      if (pos >= lines.length) return out;
      String line = lines[pos];
      if (indent(line) != ind || isItem(line, ind)) return out;
      String content = line.substring(ind);
      int end = keyEnd(content);
      if (end < 0) throw new IllegalStateException("line " + (pos + 1) + ": expected 'key:' in " + line);
      String key = unquoteKey(content.substring(0, end));
      String value = content.substring(end + 1).strip();
      if (value.isEmpty()) {
        pos++;
        skipBlank();
        if (pos < lines.length && indent(lines[pos]) > ind) out.set(key, node(indent(lines[pos])));
        else if (pos < lines.length && isItem(lines[pos], ind)) out.set(key, sequence(ind));
        else out.set(key, F.nullNode());
      } else {
        out.set(key, scalar(value, ind));
      }
    }
  }

  /** The index of the ':' ending a mapping key ("key: v" or "key:"), or -1. */
  private static int keyEnd(String s) {
    if (s.startsWith("'") || s.startsWith("\"")) {
      int close = s.indexOf(s.charAt(0), 1);
      return close > 0 && s.startsWith(":", close + 1) && (s.length() == close + 2 || s.charAt(close + 2) == ' ') ? close + 1 : -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) return i;
      if (s.charAt(i) == ' ' && i + 1 < s.length() && s.charAt(i + 1) == '#') return -1;
    }
    return -1;
  }

  private static String unquoteKey(String k) {
    if (k.length() >= 2 && (k.startsWith("'") || k.startsWith("\""))) return k.substring(1, k.length() - 1);
    return k;
  }

  /** A scalar starting at {@code first} on the current line (owned by a key or item at {@code ind}). */
  private JsonNode scalar(String first, int ind) {
    if (first.equals("{}")) {
      pos++;
      return F.objectNode();
    }
    if (first.equals("[]")) {
      pos++;
      return F.arrayNode();
    }
    if (first.startsWith("|")) return F.textNode(block(first, ind));
    if (first.startsWith("!!binary")) return binary(first.substring("!!binary".length()).strip(), ind);
    if (first.startsWith("'") || first.startsWith("\"")) return F.textNode(quoted(first, first.charAt(0)));
    if (first.startsWith("{") || first.startsWith("[") || first.startsWith(">") || first.startsWith("&") || first.startsWith("*")) {
      throw new IllegalStateException("line " + (pos + 1) + ": unsupported YAML: " + first);
    }
    StringBuilder s = new StringBuilder(first);
    pos++;
    while (pos < lines.length && !blank(lines[pos]) && indent(lines[pos]) > ind) s.append(' ').append(lines[pos++].strip());
    return typed(s.toString());
  }

  /** A {@code !!binary} scalar (base64, a block scalar or folded plain lines), e.g. a recorded event-stream body. */
  private JsonNode binary(String rest, int ind) {
    String base64;
    if (rest.startsWith("|")) {
      base64 = block(rest, ind);
    } else if (rest.startsWith("'") || rest.startsWith("\"")) {
      base64 = quoted(rest, rest.charAt(0));
    } else {
      JsonNode plain = scalar(rest, ind);
      base64 = plain.asText();
    }
    try {
      return F.binaryNode(java.util.Base64.getMimeDecoder().decode(base64.replaceAll("\\s+", "")));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("line " + pos + ": !!binary value is not base64", e);
    }
  }

  private static JsonNode typed(String s) {
    switch (s) {
      case "null":
      case "Null":
      case "~":
        return F.nullNode();
      case "true":
      case "True":
        return F.booleanNode(true);
      case "false":
      case "False":
        return F.booleanNode(false);
      default:
        break;
    }
    if (s.matches("-?\\d{1,18}")) return F.numberNode(Long.parseLong(s));
    if (s.matches("-?\\d+\\.\\d*([eE][-+]?\\d+)?")) return F.numberNode(Double.parseDouble(s));
    return F.textNode(s);
  }

  private String block(String header, int ind) {
    char chomp = header.length() > 1 ? header.charAt(1) : ' ';
    pos++;
    List<String> body = new ArrayList<>();
    int blockIndent = -1;
    while (pos < lines.length) {
      String line = lines[pos];
      if (!line.isBlank()) {
        if (indent(line) <= ind) break;
        if (blockIndent < 0) blockIndent = indent(line);
        if (indent(line) < blockIndent) break;
      }
      body.add(line);
      pos++;
    }
    int trailing = 0;
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
      trailing++;
    }
    StringBuilder s = new StringBuilder();
    for (String l : body) s.append(l.length() >= blockIndent ? l.substring(blockIndent) : "").append('\n');
    if (chomp == '-') return s.length() == 0 ? "" : s.substring(0, s.length() - 1);
    if (chomp == '+') {
      // the last line of the file is an artefact of split(), not a line break of the scalar
      int keep = pos >= lines.length ? Math.max(0, trailing - 1) : trailing;
      s.append("\n".repeat(keep));
    }
    return s.toString();
  }

  private String quoted(String first, char q) {
    StringBuilder raw = new StringBuilder();
    String line = first.substring(1);
    while (true) {
      int close = closing(line, q);
      if (close >= 0) {
        raw.append(line, 0, close);
        pos++;
        break;
      }
      raw.append(line);
      pos++;
      if (pos >= lines.length) throw new IllegalStateException("unterminated quoted scalar");
      line = lines[pos].strip();
      if (line.isEmpty()) {
        raw.append('\n');
        continue;
      }
      if (q == '"' && raw.length() > 0 && raw.charAt(raw.length() - 1) == '\\') raw.setLength(raw.length() - 1);
      else if (raw.length() > 0 && raw.charAt(raw.length() - 1) != '\n') raw.append(' ');
    }
    return q == '\'' ? raw.toString().replace("''", "'") : unescape(raw.toString());
  }

  private static int closing(String s, char q) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (q == '"' && c == '\\') {
        i++;
      } else if (c == q) {
        if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') i++;
        else return i;
      }
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
        case '0': out.append('\0'); break;
        case ' ': out.append(' '); break;
        case '/': out.append('/'); break;
        case '"': out.append('"'); break;
        case '\\': out.append('\\'); break;
        case 'x': out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16)); i += 2; break;
        case 'u': out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
        case 'U': out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16)); i += 8; break;
        default: throw new IllegalStateException("unsupported escape \\" + e);
      }
    }
    return out.toString();
  }
}
