package dev.crossfeed.http;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, empty when absent
 * @param data the {@code data:} lines joined with {@code \n}
 * @param unprefixed lines that were not SSE fields (Gemini sometimes writes raw error JSON), joined with
 *     {@code \n}; empty normally
 */
public record SseEvent(String event, String data, String unprefixed) {}
