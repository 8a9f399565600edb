package dev.turnpoint.service;

/**
 * A turn lease {@link RunStore#beginTurn} took: the run as it now stands, without its turns, and whether the answer
 * left out what the {@link LeaseRequest} said the caller holds.
 *
 * @param run              the run's header; its {@link RunRecord#leaseToken()} is the lease's token. When
 *                         {@code heldStateLeftOut}, its {@code workflow_config_fully_hydrated} and
 *                         {@link RunRecord#lastCheckpoint()} are null: use the held ones
 * @param heldStateLeftOut true when the run still has the turn count the caller's held state is after, so the
 *                         caller's snapshot and checkpoint are current and were not sent; false when the caller held
 *                         nothing or an older state, and the header is whole
 */
public record TurnLease(RunRecord run, boolean heldStateLeftOut) {
}
