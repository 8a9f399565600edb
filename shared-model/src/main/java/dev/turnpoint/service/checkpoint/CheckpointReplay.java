package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * What replaying the source's later inputs onto a new run did.
 *
 * @param sourceTurnIndexes the source turns whose inputs were sent, in order (the new run's turns get the same
 *                          indexes)
 * @param remaining         inputs not sent because the replay stopped early
 * @param stoppedBecause    null when every input was sent, else why the replay stopped (the run ended, a turn was
 *                          refused)
 */
public record CheckpointReplay(List<Integer> sourceTurnIndexes, int remaining, String stoppedBecause) {
}
