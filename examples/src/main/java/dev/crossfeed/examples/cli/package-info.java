/**
 * The {@code crossfeed} command line ({@link dev.crossfeed.examples.cli.Main}): {@code demo}, {@code chat} and
 * {@code bench}. Everything but {@code Main} is package-private.
 */
package dev.crossfeed.examples.cli;
