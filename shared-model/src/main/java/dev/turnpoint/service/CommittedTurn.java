package dev.turnpoint.service;

import dev.turnpoint.model.run.WorkflowStatus;

/**
 * What {@link RunStore#commitTurn} answers: the run's bookkeeping right after the commit. The committer already holds
 * everything else (the turn, the checkpoint after it and the workflow snapshot it ran on), so nothing else is sent.
 *
 * @param revision  the run's revision after the commit, for a following {@link StatusChange}
 * @param turnCount how many turns the run has now: the committed turn's index plus one
 * @param status    the run's status after the turn
 */
public record CommittedTurn(long revision, int turnCount, WorkflowStatus status) {
}
