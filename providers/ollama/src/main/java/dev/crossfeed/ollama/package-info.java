/**
 * Ollama provider: {@link dev.crossfeed.ollama.OllamaChatModel} over the native {@code /api/chat} (NDJSON
 * streaming), {@link dev.crossfeed.ollama.OllamaEmbeddingModel} over {@code /api/embed}, and the
 * {@link dev.crossfeed.ollama.OllamaChatModelFactory} registered for provider id {@code ollama}. For Ollama's
 * OpenAI-compatible {@code /v1} surface, use the OpenAI provider's Ollama preset instead.
 *
 * <p>Everything in this package is non-null by default: parameters must not be null and return values are never
 * null.
 */
package dev.crossfeed.ollama;
