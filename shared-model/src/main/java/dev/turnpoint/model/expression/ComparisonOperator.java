package dev.turnpoint.model.expression;

import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * {@code == != < <= > >=}. Equality is {@link Values#looseEquals}; an ordering that makes no sense for its operands
 * (null, booleans, lists, text against a number) is false.
 */
enum ComparisonOperator {
  EQUAL(null), NOT_EQUAL(null),
  LESS(order -> order < 0), LESS_OR_EQUAL(order -> order <= 0),
  GREATER(order -> order > 0), GREATER_OR_EQUAL(order -> order >= 0);

  private final IntPredicate acceptsOrder;

  ComparisonOperator(IntPredicate acceptsOrder) {
    this.acceptsOrder = acceptsOrder;
  }

  boolean test(Object left, Object right) {
    if (this == EQUAL) {
      return Values.looseEquals(left, right);
    }
    if (this == NOT_EQUAL) {
      return !Values.looseEquals(left, right);
    }
    OptionalInt order = Values.compare(left, right);
    return order.isPresent() && acceptsOrder.test(order.getAsInt());
  }
}
