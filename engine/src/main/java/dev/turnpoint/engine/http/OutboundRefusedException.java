package dev.turnpoint.engine.http;

/**
 * An outbound request the {@link OutboundPolicy} does not let through: its host, or a redirect's, resolved to an
 * address that is not public and that the allow-list does not permit. Nothing was sent to that address.
 */
public final class OutboundRefusedException extends RuntimeException {

  public OutboundRefusedException(String message) {
    super(message, null, false, false);
  }
}
