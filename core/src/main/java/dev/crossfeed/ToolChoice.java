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
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, Optional.empty());

  /** The choices. */
  public enum Mode {
    AUTO,
    NONE,
    REQUIRED,
    SPECIFIC
  }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(toolName, "toolName == null");
    if ((mode == Mode.SPECIFIC) != toolName.isPresent()) {
      throw new IllegalArgumentException("toolName is required for SPECIFIC and only for it");
    }
  }

  /** The model must call this tool. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.SPECIFIC, Optional.of(Objects.requireNonNull(name, "name == null")));
  }
}
