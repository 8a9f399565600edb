package dev.turnpoint.model.expression;

/**
 * Rendering stopped because its output would have been longer than its {@link RenderBudget} allows. The text that
 * would have passed the limit was not built.
 */
public final class RenderLimitException extends RuntimeException {

  private final long limit;

  RenderLimitException(long limit) {
    super("a template would render to more than " + limit + " characters, so rendering stopped");
    this.limit = limit;
  }

  /** The limit that would have been passed, in characters. */
  public long limit() {
    return limit;
  }
}
