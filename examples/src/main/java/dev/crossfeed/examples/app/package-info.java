/** A tiny application ({@link dev.crossfeed.examples.app.TicketTriage}) for the "testing your app" example. */
package dev.crossfeed.examples.app;
