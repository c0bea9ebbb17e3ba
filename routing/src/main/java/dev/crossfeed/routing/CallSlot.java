package dev.crossfeed.routing;

/** One attempt of this call: which candidate, its health permit, when it started, its place in the trace. */
final class CallSlot {
  final int index;
  final Health.Permit permit;
  final int seq;
  final long startedAt;
  final boolean hedged;
  /** For streams, nanoseconds from the start to the first content event; -1 before it (or without one). */
  long timeToFirstToken = -1;

  CallSlot(int index, Health.Permit permit, int seq, long startedAt, boolean hedged) {
    this.index = index;
    this.permit = permit;
    this.seq = seq;
    this.startedAt = startedAt;
    this.hedged = hedged;
  }
}
