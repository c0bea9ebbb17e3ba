package dev.crossfeed;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether and which tool the model must call.
 *
 * @param mode auto, none, required or a specific tool
 * @param toolName the tool, for {@link Mode#SPECIFIC}
 */
public record ToolChoice(Mode mode, Optional<String> toolName) {
  /** The model decides whether to call a tool (the provider's default when tools are given). */
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
  /** The model must answer in text without calling a tool. */
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());
  /** The model must call at least one of the tools given. */
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, Optional.empty());

  /** The choices. */
  public enum Mode {
    /** The model decides whether to call a tool. */
    AUTO,
    /** The model must not call a tool. */
    NONE,
    /** The model must call some tool. */
    REQUIRED,
    /** The model must call the named tool. */
    SPECIFIC
  }

  /**
   * Checks the tool name is given for {@link Mode#SPECIFIC} and only for it.
   *
   * @param mode the choice
   * @param toolName the tool, for {@link Mode#SPECIFIC}
   */
  public ToolChoice {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(toolName, "toolName == null");
    if ((mode == Mode.SPECIFIC) != toolName.isPresent()) {
      throw new IllegalArgumentException("toolName is required for SPECIFIC and only for it");
    }
  }

  /**
   * The model must call this tool.
   *
   * @param name the tool's name, one of the request's tools
   * @return the choice
   */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.SPECIFIC, Optional.of(Objects.requireNonNull(name, "name == null")));
  }
}
