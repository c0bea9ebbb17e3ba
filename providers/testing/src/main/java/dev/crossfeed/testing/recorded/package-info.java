/**
 * Readers for recorded provider traffic, the real captured exchanges provider tests replay offline: VCR YAML
 * cassettes ({@link dev.crossfeed.testing.recorded.VcrCassette}), langchaingo {@code httprr} traces
 * ({@link dev.crossfeed.testing.recorded.Httprr}) and one-JSON-per-line chunk files
 * ({@link dev.crossfeed.testing.recorded.ChunkFile}), each read into
 * {@link dev.crossfeed.testing.recorded.RecordedExchange}s that a {@code MockWebServer} can serve.
 * {@link dev.crossfeed.testing.recorded.RecordedFixtures} finds the shared fixture folder and skips a test when it
 * is absent. The fixtures' README describes each framing.
 *
 * <p>Test code: readers fail loudly on input they do not understand rather than guess. Non-null by default.
 */
package dev.crossfeed.testing.recorded;
