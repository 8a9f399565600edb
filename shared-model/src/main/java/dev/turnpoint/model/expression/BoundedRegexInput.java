package dev.turnpoint.model.expression;

/**
 * Text for a regular expression to search, with a budget of character reads. A workflow author's pattern meeting a
 * user's text can backtrack for minutes; counting reads stops it after a bounded, deterministic amount of work.
 */
final class BoundedRegexInput implements CharSequence {

  /** Generous for any sensible pattern on a long message, yet a fraction of a second of work. */
  static final long READ_BUDGET = 5_000_000;

  private final String text;
  private final int start;
  private final int end;
  private final long[] reads;

  BoundedRegexInput(String text) {
    this(text, 0, text.length(), new long[1]);
  }

  private BoundedRegexInput(String text, int start, int end, long[] reads) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.reads = reads;
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > READ_BUDGET) {
      throw new BudgetExceeded();
    }
    return text.charAt(start + index);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return new BoundedRegexInput(text, start + from, start + to, reads);
  }

  @Override
  public String toString() {
    return text.substring(start, end);
  }

  /** Thrown out of the regex engine when the budget is spent; the search then counts as no match. */
  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("regular expression search exceeded its budget", null, false, false);
    }
  }
}
