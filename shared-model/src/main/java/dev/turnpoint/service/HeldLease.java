package dev.turnpoint.service;

/**
 * A turn lease its holder asks {@link RunStore#renewLeases} to extend: the run and the token
 * {@link LeaseRequest#token()} took it under. The token proves the holder, so a renewal needs no team: nobody else
 * knows it.
 *
 * @param runId the run the lease is on
 * @param token the lease's token
 */
public record HeldLease(String runId, String token) {
}
