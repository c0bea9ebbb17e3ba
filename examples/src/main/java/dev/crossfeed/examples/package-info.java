/**
 * Runnable examples of Crossfeed, each a small class with a {@code main} that reads its keys from the environment
 * (and says so and exits 0 when they are missing) and static methods the tests run against the fake providers of
 * {@code crossfeed-testing}. See the README's examples section.
 */
package dev.crossfeed.examples;
