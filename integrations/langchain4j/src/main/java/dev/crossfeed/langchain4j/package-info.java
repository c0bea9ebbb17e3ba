/**
 * Crossfeed routes under LangChain4j: {@link dev.crossfeed.langchain4j.CrossfeedChatModel} and
 * {@link dev.crossfeed.langchain4j.CrossfeedStreamingChatModel} put any Crossfeed chat model (typically a
 * {@code Router}) behind LangChain4j's {@code ChatModel} and {@code StreamingChatModel}, so {@code AiServices} get
 * Crossfeed's failover. Everything is non-null unless documented otherwise.
 */
package dev.crossfeed.langchain4j;
