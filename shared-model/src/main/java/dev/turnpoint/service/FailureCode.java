package dev.turnpoint.service;

/**
 * Why a service call failed. The integers travel on the event bus as the reply failure code and are part of the
 * public contract: never renumber them.
 */
public enum FailureCode {
  /** The request is malformed or breaks a rule of the model. */
  INVALID(1),
  /** No such entity for this team (another team's entities are reported exactly like missing ones). */
  NOT_FOUND(2),
  /** The entity changed or is busy: a concurrent update won, a duplicate key, a run mid-turn. */
  CONFLICT(3),
  /** An index or number lies outside what the entity has. */
  OUT_OF_RANGE(4),
  /** A dependency (the database, an LLM, a service) is not there or timed out. */
  UNAVAILABLE(5),
  /** No valid credentials. */
  UNAUTHENTICATED(6),
  /** Valid credentials without the right to do this. */
  FORBIDDEN(7),
  /** A bug: something that should not happen did. */
  INTERNAL(8);

  private final int code;

  FailureCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static FailureCode fromCode(int code) {
    for (FailureCode value : values()) {
      if (value.code == code) {
        return value;
      }
    }
    return INTERNAL;
  }
}
