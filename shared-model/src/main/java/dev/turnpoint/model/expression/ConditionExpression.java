package dev.turnpoint.model.expression;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code condition_expression}, e.g.
 * {@code isPresent([[full_name]]) AND ([[age]] < 50) AND [[assessment.urgency_level | upcase]] == 'EMERGENCY'}.
 *
 * <p>The language: {@code AND}, {@code OR}, {@code NOT} (any case, or {@code && || !}) and parentheses; comparisons
 * {@code == != < <= > >=}; single- or double-quoted strings with backslash escapes; integers and decimals;
 * {@code true}, {@code false}, {@code null} ({@code none}); placeholders {@code [[runtime.path]]} and
 * {@code {{dynamic.path}}} with pipe filters (see {@link ValueFilter.Kind}); and the functions {@code isPresent,
 * isNotPresent, isAbsent, isNonEmpty, isEmpty, contains, startsWith, endsWith, length, lower, upper,
 * equalsIgnoreCase, matches}. NOT binds tighter than comparisons, which bind tighter than AND, then OR.
 *
 * <p>Comparisons read a numeric string as the number it spells when the other side is a number ({@code "42" < 50});
 * two strings are ordered as numbers when both spell one, else as text. String equality is exact. Null equals only
 * null, and orderings involving null or incomparable values are false. Evaluation never throws, whatever the
 * variables hold, and gives the same answer for the same variables. Instances are immutable and thread-safe.
 */
public final class ConditionExpression {

  private final String source;
  private final ExpressionNode root;

  private ConditionExpression(String source, ExpressionNode root) {
    this.source = source;
    this.root = root;
  }

  /** Parses an expression; throws {@link ExpressionSyntaxException} naming the position of the first error. */
  public static ConditionExpression parse(String source) {
    return new ConditionExpression(source, ExpressionParser.parse(source));
  }

  /** Evaluates the expression and tells whether the result is truthy. */
  public boolean test(VariableLookup variables) {
    return Values.truthy(evaluate(variables));
  }

  /** Evaluates the expression to a value (Boolean, Number, String, List, Map or null). */
  public Object evaluate(VariableLookup variables) {
    return root.evaluate(variables);
  }

  public String source() {
    return source;
  }

  /** The variables the expression reads, each once, in the order they are written. */
  public List<VariableReference> references() {
    Set<VariableReference> found = new LinkedHashSet<>();
    Deque<ExpressionNode> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      ExpressionNode node = pending.pop();
      if (node instanceof ExpressionNode.Reference reference) {
        found.add(reference.reference());
      }
      List<ExpressionNode> children = new ArrayList<>(node.children());
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.push(children.get(i));
      }
    }
    return List.copyOf(found);
  }

  /** The levels of the syntax tree: 1 for a lone value, 3 for {@code [[a]] == 1 AND [[b]]}, and so on. */
  public int depth() {
    int deepest = 0;
    Deque<ExpressionNode> pending = new ArrayDeque<>(List.of(root));
    Deque<Integer> levels = new ArrayDeque<>(List.of(1));
    while (!pending.isEmpty()) {
      ExpressionNode node = pending.pop();
      int level = levels.pop();
      deepest = Math.max(deepest, level);
      for (ExpressionNode child : node.children()) {
        pending.push(child);
        levels.push(level + 1);
      }
    }
    return deepest;
  }

  @Override
  public String toString() {
    return source;
  }
}
