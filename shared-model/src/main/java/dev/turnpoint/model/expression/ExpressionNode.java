package dev.turnpoint.model.expression;

import java.util.List;

/** The syntax tree of a condition. Evaluating a node never throws, whatever the variables hold. */
sealed interface ExpressionNode {

  Object evaluate(VariableLookup variables);

  default List<ExpressionNode> children() {
    return List.of();
  }

  /** A quoted string, number, boolean or null as written. */
  record Literal(Object value) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      return value;
    }
  }

  /** A {@code [[runtime]]} or {@code {{dynamic}}} variable, filters applied. */
  record Reference(VariableReference reference) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      return reference.resolve(variables);
    }
  }

  record Not(ExpressionNode operand) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      return !Values.truthy(operand.evaluate(variables));
    }

    @Override
    public List<ExpressionNode> children() {
      return List.of(operand);
    }
  }

  /** {@code a AND b AND ...}: true when every operand is truthy; stops at the first that is not. */
  record All(List<ExpressionNode> operands) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      for (ExpressionNode operand : operands) {
        if (!Values.truthy(operand.evaluate(variables))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public List<ExpressionNode> children() {
      return operands;
    }
  }

  /** {@code a OR b OR ...}: true when some operand is truthy; stops at the first that is. */
  record Any(List<ExpressionNode> operands) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      for (ExpressionNode operand : operands) {
        if (Values.truthy(operand.evaluate(variables))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public List<ExpressionNode> children() {
      return operands;
    }
  }

  record Comparison(ComparisonOperator operator, ExpressionNode left, ExpressionNode right)
      implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      return operator.test(left.evaluate(variables), right.evaluate(variables));
    }

    @Override
    public List<ExpressionNode> children() {
      return List.of(left, right);
    }
  }

  record Call(ConditionFunction function, List<ExpressionNode> arguments) implements ExpressionNode {
    @Override
    public Object evaluate(VariableLookup variables) {
      return function.apply(arguments.stream().map(argument -> argument.evaluate(variables)).toList());
    }

    @Override
    public List<ExpressionNode> children() {
      return arguments;
    }
  }
}
