package dev.turnpoint.model.expression;

/**
 * A parsed {@code condition_expression}, e.g.
 * {@code isPresent([[full_name]]) AND ([[age]] < 50) AND [[assessment.urgency_level | upcase]] == 'EMERGENCY'}.
 */
public final class ConditionExpression {

  private final String source;

  private ConditionExpression(String source) {
    this.source = source;
  }

  /** Parses an expression; throws {@link ExpressionSyntaxException} naming the position of the first error. */
  public static ConditionExpression parse(String source) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Evaluates the expression and tells whether the result is truthy. */
  public boolean test(VariableLookup variables) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Evaluates the expression to a value (Boolean, Number, String, List, Map or null). */
  public Object evaluate(VariableLookup variables) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public String source() {
    return source;
  }
}
