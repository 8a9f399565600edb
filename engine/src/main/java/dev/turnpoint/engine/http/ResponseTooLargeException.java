package dev.turnpoint.engine.http;

/** An outbound request's answer grew past {@code outbound_max_response_bytes}; the rest of it was not read. */
public final class ResponseTooLargeException extends RuntimeException {

  public ResponseTooLargeException(long maxBytes) {
    super("the answer is larger than " + maxBytes + " bytes (engine setting outbound_max_response_bytes)", null,
        false, false);
  }
}
