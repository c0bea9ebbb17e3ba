package dev.crossfeed.routing;

import dev.crossfeed.ChatModelException;

/**
 * What a call does next, as {@link CallPlan#next} decides it: attempt a model now, wait and then ask again, or give
 * up. Immutable; the drivers act on it and report the attempt's outcome back to the plan.
 */
sealed interface Decision {
  /**
   * Attempt candidate {@code index} now; its health permit is already taken.
   *
   * @param index the candidate's index in the plan
   * @param permit the permit to hand back with the outcome
   */
  record Attempt(int index, Health.Permit permit) implements Decision {}

  /**
   * Wait until {@code until} (the scheduler's time), then ask again: candidate {@code index} becomes ready then.
   *
   * @param index the candidate waited for
   * @param until when it is ready
   */
  record Wait(int index, long until) implements Decision {}

  /**
   * End the call with {@code failure} (route trace attached, listeners told).
   *
   * @param failure what the caller gets
   */
  record GiveUp(ChatModelException failure) implements Decision {}
}
