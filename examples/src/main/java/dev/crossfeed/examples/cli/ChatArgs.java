package dev.crossfeed.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed flags of {@code crossfeed chat}. Flags may come before, between or after the prompt's words, as
 * {@code --flag value} or {@code --flag=value}; {@code --} ends the flags (for a prompt that starts with
 * {@code -}). A repeated flag keeps its last value.
 */
final class ChatArgs {
  String config;
  String route = "default";
  boolean stream;
  boolean trace;
  String system;
  Integer maxTokens;
  Integer repeat;
  Integer concurrency;
  String prompt;

  private ChatArgs() {}

  /**
   * @throws UsageException naming the flag that is unknown, lacks a value or has a bad one
   */
  static ChatArgs parse(String[] args) {
    ChatArgs a = new ChatArgs();
    List<String> words = new ArrayList<>();
    boolean flags = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!flags || !arg.startsWith("-") || arg.equals("-")) {
        words.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        flags = false;
        continue;
      }
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "--stream":
        case "--trace":
          if (inline != null) throw new UsageException(name + " takes no value");
          if (name.equals("--stream")) a.stream = true;
          else a.trace = true;
          continue;
        case "--config":
        case "--route":
        case "--system":
        case "--max-tokens":
        case "--repeat":
        case "--concurrency":
          break;
        default:
          throw new UsageException("unknown flag " + name + " (see crossfeed help)");
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) throw new UsageException(name + " needs a value");
        value = args[++i];
      }
      switch (name) {
        case "--config":
          a.config = nonBlank(name, value);
          break;
        case "--route":
          a.route = nonBlank(name, value);
          break;
        case "--system":
          a.system = value;
          break;
        case "--max-tokens":
          a.maxTokens = positive(name, value);
          break;
        case "--repeat":
          a.repeat = positive(name, value);
          break;
        default:
          a.concurrency = positive(name, value);
          break;
      }
    }
    if (a.config == null) throw new UsageException("--config FILE is required");
    if (a.concurrency != null && a.repeat == null) throw new UsageException("--concurrency needs --repeat");
    a.prompt = String.join(" ", words).strip();
    if (a.prompt.isEmpty()) throw new UsageException("missing PROMPT (the words after the flags)");
    return a;
  }

  private static String nonBlank(String flag, String value) {
    if (value.isBlank()) throw new UsageException(flag + " needs a value");
    return value;
  }

  private static int positive(String flag, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " expects a whole number >= 1, not '" + value + "'");
  }
}
