/**
 * JMH benchmarks of Crossfeed's overhead against a hand-written OkHttp + Jackson floor, all against a loopback stub
 * server started by each benchmark. Run them with {@link dev.crossfeed.benchmarks.BenchMain} (the {@code bench}
 * command of the {@code crossfeed} CLI), which prints one table of floor, figures, ratios and DESIGN.md targets.
 * Not part of the published library.
 */
package dev.crossfeed.benchmarks;
