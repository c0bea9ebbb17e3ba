/**
 * Anthropic's Messages API as a Crossfeed {@link dev.crossfeed.ChatModel}: {@link
 * dev.crossfeed.anthropic.AnthropicChatModel} (built with its builder) and the
 * {@link dev.crossfeed.anthropic.AnthropicChatModelFactory} that routing configs reach through provider id
 * {@code anthropic}. Everything else in this package is internal.
 *
 * <p>Non-null by default: parameters must not be null and return values are never null.
 */
package dev.crossfeed.anthropic;
