package dev.turnpoint.service;

/**
 * What {@link RunStore#beginTurn} is asked for: a turn lease, and what the caller already holds of the run, which the
 * answer then leaves out. Build one with {@link #holdingNothing} or {@link #holdingStateAfter}.
 *
 * <p>A caller that turns the same run again and again (the engine) holds the run's workflow snapshot and the
 * checkpoint it committed last; they are the bulk of a run's header, and sending them back with every lease would
 * cost more than the rest of the turn's store traffic.
 *
 * @param token          names the lease; {@link TurnCommit#leaseToken()} and {@link RunStore#releaseTurn} give it back
 * @param durationMillis how long the lease holds unless committed or released first: 1 ms to a day
 * @param heldTurnCount  0: the caller holds nothing of the run. {@code n > 0}: it holds the run's workflow snapshot
 *                       and the checkpoint after the run's first {@code n} turns; while the run still has exactly
 *                       {@code n} turns the answer leaves both out ({@link TurnLease#heldStateLeftOut()})
 */
public record LeaseRequest(String token, long durationMillis, int heldTurnCount) {

  /** A lease for a caller that holds nothing of the run: the answer is the whole header. */
  public static LeaseRequest holdingNothing(String token, long durationMillis) {
    return new LeaseRequest(token, durationMillis, 0);
  }

  /**
   * A lease for a caller that holds the run's workflow snapshot and its checkpoint after {@code turnCount} turns
   * ({@code turnCount > 0}).
   */
  public static LeaseRequest holdingStateAfter(int turnCount, String token, long durationMillis) {
    return new LeaseRequest(token, durationMillis, turnCount);
  }
}
