/**
 * Crossfeed routes under Spring AI: {@link dev.crossfeed.springai.CrossfeedChatModel} puts any Crossfeed chat
 * model (typically a {@code Router}) behind Spring AI's {@code ChatModel} and {@code StreamingChatModel}, usable
 * with {@code ChatClient}. Everything is non-null unless documented otherwise.
 */
package dev.crossfeed.springai;
