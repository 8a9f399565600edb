package dev.turnpoint.model.expression;

import dev.turnpoint.model.expression.Token.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser of conditions. Precedence, loosest first:
 *
 * <pre>
 * or         := and ( OR and )*
 * and        := comparison ( AND comparison )*
 * comparison := unary ( ( == | != | &lt; | &lt;= | &gt; | &gt;= ) unary )?
 * unary      := ( NOT | ! ) unary | primary
 * primary    := literal | reference | name '(' arguments? ')' | '(' or ')'
 * </pre>
 *
 * <p>NOT binds tighter than a comparison, so {@code NOT isEmpty(x) == true} reads as {@code (NOT isEmpty(x)) ==
 * true}. Comparisons do not chain: {@code a < b < c} is an error.
 */
final class ExpressionParser {

  /** Deeper nesting than any real condition; the bound keeps a hostile input from exhausting the stack. */
  static final int MAX_NESTING = 100;

  private static final Map<Type, ComparisonOperator> COMPARISONS = Map.of(
      Type.EQUAL, ComparisonOperator.EQUAL, Type.NOT_EQUAL, ComparisonOperator.NOT_EQUAL,
      Type.LESS, ComparisonOperator.LESS, Type.LESS_OR_EQUAL, ComparisonOperator.LESS_OR_EQUAL,
      Type.GREATER, ComparisonOperator.GREATER, Type.GREATER_OR_EQUAL, ComparisonOperator.GREATER_OR_EQUAL);

  private final ExpressionTokenizer tokens;
  private Token current;
  private int nesting;

  private ExpressionParser(String source) {
    this.tokens = new ExpressionTokenizer(source);
    this.current = tokens.next();
  }

  static ExpressionNode parse(String source) {
    if (source == null || source.isBlank()) {
      throw new ExpressionSyntaxException("empty expression", 0);
    }
    ExpressionParser parser = new ExpressionParser(source);
    ExpressionNode root = parser.or();
    Token trailing = parser.peek();
    if (!trailing.is(Type.END)) {
      throw new ExpressionSyntaxException("unexpected " + trailing.describe(), trailing.position());
    }
    return root;
  }

  private ExpressionNode or() {
    List<ExpressionNode> operands = new ArrayList<>(List.of(and()));
    while (peek().is(Type.OR)) {
      advance();
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : new ExpressionNode.Any(List.copyOf(operands));
  }

  private ExpressionNode and() {
    List<ExpressionNode> operands = new ArrayList<>(List.of(comparison()));
    while (peek().is(Type.AND)) {
      advance();
      operands.add(comparison());
    }
    return operands.size() == 1 ? operands.get(0) : new ExpressionNode.All(List.copyOf(operands));
  }

  private ExpressionNode comparison() {
    ExpressionNode left = unary();
    ComparisonOperator operator = COMPARISONS.get(peek().type());
    if (operator == null) {
      return left;
    }
    advance();
    return new ExpressionNode.Comparison(operator, left, unary());
  }

  private ExpressionNode unary() {
    Token token = peek();
    if (!token.is(Type.NOT)) {
      return primary();
    }
    advance();
    enterNesting(token);
    ExpressionNode operand = unary();
    nesting--;
    return new ExpressionNode.Not(operand);
  }

  private ExpressionNode primary() {
    Token token = peek();
    switch (token.type()) {
      case STRING, NUMBER, BOOLEAN, NULL -> {
        advance();
        return new ExpressionNode.Literal(token.value());
      }
      case REFERENCE -> {
        advance();
        return new ExpressionNode.Reference((VariableReference) token.value());
      }
      case NAME -> {
        return call();
      }
      case LEFT_PAREN -> {
        advance();
        enterNesting(token);
        ExpressionNode inner = or();
        expect(Type.RIGHT_PAREN, "')'");
        nesting--;
        return inner;
      }
      case END -> throw new ExpressionSyntaxException("expected a value", token.position());
      default -> throw new ExpressionSyntaxException("unexpected " + token.describe(), token.position());
    }
  }

  private ExpressionNode call() {
    Token name = current;
    advance();
    boolean calls = peek().is(Type.LEFT_PAREN);
    ConditionFunction function = ConditionFunction.named(name.text()).orElseThrow(() -> calls
        ? new ExpressionSyntaxException("unknown function '" + name.text() + "'", name.position())
        : new ExpressionSyntaxException("unquoted text '" + name.text() + "' (write text in quotes)",
            name.position()));
    if (!calls) {
      throw new ExpressionSyntaxException("expected '(' after '" + name.text() + "'", peek().position());
    }
    advance();
    enterNesting(name);
    List<ExpressionNode> arguments = new ArrayList<>();
    List<Integer> argumentPositions = new ArrayList<>();
    if (!peek().is(Type.RIGHT_PAREN)) {
      argumentPositions.add(peek().position());
      arguments.add(or());
      while (peek().is(Type.COMMA)) {
        advance();
        argumentPositions.add(peek().position());
        arguments.add(or());
      }
    }
    expect(Type.RIGHT_PAREN, "')'");
    nesting--;
    if (arguments.size() != function.arity()) {
      throw new ExpressionSyntaxException("function '" + function.functionName() + "' takes " + function.arity()
          + (function.arity() == 1 ? " argument" : " arguments") + ", not " + arguments.size(), name.position());
    }
    if (function == ConditionFunction.MATCHES) {
      checkLiteralRegex(arguments.get(1), argumentPositions.get(1));
    }
    return new ExpressionNode.Call(function, List.copyOf(arguments));
  }

  /** A pattern written in the condition itself is checked now, so a typo fails at save time, not silently later. */
  private static void checkLiteralRegex(ExpressionNode pattern, int position) {
    if (pattern instanceof ExpressionNode.Literal literal && literal.value() instanceof String regex) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ExpressionSyntaxException("invalid regular expression '" + regex + "' (" + e.getDescription()
            + ")", position);
      }
    }
  }

  private void expect(Type type, String what) {
    Token token = peek();
    if (!token.is(type)) {
      throw new ExpressionSyntaxException("expected " + what, token.position());
    }
    advance();
  }

  private void enterNesting(Token token) {
    if (++nesting > MAX_NESTING) {
      throw new ExpressionSyntaxException("expression nested too deeply", token.position());
    }
  }

  private Token peek() {
    return current;
  }

  private void advance() {
    current = tokens.next();
  }
}
