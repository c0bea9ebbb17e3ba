/**
 * Test support for Crossfeed and its users: {@link dev.crossfeed.testing.ScriptedChatModel}, an in-memory
 * {@code ChatModel} that plays scripted {@link dev.crossfeed.testing.Outcome}s; fake provider servers on
 * mockwebserver3 that speak each provider's wire format; and a conformance kit any provider runs against its
 * fake.
 *
 * <p>Everything in this package is non-null by default: parameters must not be null and return values are never
 * null.
 */
package dev.crossfeed.testing;
