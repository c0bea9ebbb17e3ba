/**
 * Crossfeed's provider-neutral API: {@link dev.crossfeed.ChatModel}, {@link dev.crossfeed.ChatRequest},
 * {@link dev.crossfeed.ChatResponse}, streaming events, {@link dev.crossfeed.EmbeddingModel}, the failure
 * taxonomy ({@link dev.crossfeed.Failure}) and {@link dev.crossfeed.ChatModelException}.
 *
 * <p>Everything in this package is non-null by default: parameters must not be null and return values are
 * never null. Values that may be unset are returned as {@link java.util.Optional} (or the primitive
 * variants). Collections returned are immutable and never null. Value types are immutable and thread-safe;
 * builders are not thread-safe.
 *
 * <p>This package has no dependency on OkHttp, Jackson or Failsafe, so applications can upgrade those freely.
 */
package dev.crossfeed;
