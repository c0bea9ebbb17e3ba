/**
 * Google Gemini for Crossfeed: {@link dev.crossfeed.gemini.GeminiChatModel} (chat, streaming, tools, images,
 * structured output, thought summaries) and {@link dev.crossfeed.gemini.GeminiEmbeddingModel}, plus the
 * {@code gemini} {@link dev.crossfeed.spi.ChatModelFactory}.
 *
 * <p>Everything here is non-null by default; builders are not thread-safe, built models are.
 */
package dev.crossfeed.gemini;
