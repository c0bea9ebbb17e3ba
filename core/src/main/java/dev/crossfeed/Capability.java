package dev.crossfeed;

/** Something a model may or may not support; routing filters candidates by these. */
public enum Capability {
  /** Function/tool calling. */
  TOOLS,
  /** Image inputs. */
  VISION,
  /** Structured output constrained by a JSON schema (JSON object mode is assumed with it). */
  JSON_SCHEMA,
  /** Streaming responses. */
  STREAMING,
  /** Text embeddings. */
  EMBEDDINGS,
  /** Reasoning/thinking output. */
  REASONING
}
