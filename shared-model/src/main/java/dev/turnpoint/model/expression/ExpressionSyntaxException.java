package dev.turnpoint.model.expression;

/** An expression that cannot be parsed; {@link #position()} is the 0-based character offset of the problem. */
public class ExpressionSyntaxException extends IllegalArgumentException {
  private final int position;

  public ExpressionSyntaxException(String message, int position) {
    super(message + " at position " + position);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
