/**
 * For provider implementers: the {@link dev.crossfeed.spi.ChatModelFactory} service interface that lets routing
 * configs create models by provider id, the {@link dev.crossfeed.spi.ProviderConfig} it receives,
 * {@link dev.crossfeed.spi.AbstractChatStream}, which turns a pull parser into a well-behaved
 * {@link dev.crossfeed.ChatStream}, and {@link dev.crossfeed.spi.Durations}, the rule every builder applies to
 * durations too long to compute a deadline with. Applications rarely need this package.
 */
package dev.crossfeed.spi;
