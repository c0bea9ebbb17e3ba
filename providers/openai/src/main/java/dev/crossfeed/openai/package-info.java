/**
 * OpenAI's Chat Completions and Embeddings APIs and every OpenAI-compatible host: {@link
 * dev.crossfeed.openai.OpenAiChatModel}, {@link dev.crossfeed.openai.OpenAiEmbeddingModel}, the host presets in
 * {@link dev.crossfeed.openai.OpenAiHost}, and {@link dev.crossfeed.openai.OpenAiModelFactory} for configuration by
 * provider id.
 *
 * <p>Everything in this package is non-null unless documented otherwise. Models are immutable and thread-safe;
 * builders are not thread-safe.
 */
package dev.crossfeed.openai;
