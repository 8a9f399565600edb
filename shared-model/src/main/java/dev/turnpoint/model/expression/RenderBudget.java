package dev.turnpoint.model.expression;

/**
 * How many characters rendering may still produce. Templates are small, but a placeholder repeated many times over a
 * large variable multiplies (2,000 placeholders of a 10 KB value are 20 MB), so rendering counts every piece before
 * it appends it and stops with a {@link RenderLimitException} at the first that would pass the limit: the text over
 * the limit is never built. One budget may span several texts, such as every string of a JSON request body.
 */
public final class RenderBudget {

  private final long limit;
  private long spent;

  /** A budget of {@code limit} characters; it must be positive. */
  public RenderBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a render budget must be positive");
    }
    this.limit = limit;
  }

  /** The characters this budget allows in all. */
  public long limit() {
    return limit;
  }

  /** Takes {@code characters} from the budget, or fails without taking any when fewer are left. */
  void spend(int characters) {
    if (characters > limit - spent) {
      throw new RenderLimitException(limit);
    }
    spent += characters;
  }
}
