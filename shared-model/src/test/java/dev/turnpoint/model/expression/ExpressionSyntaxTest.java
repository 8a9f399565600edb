package dev.turnpoint.model.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExpressionSyntaxTest {

  private static ExpressionSyntaxException failure(String source) {
    return catchThrowableOfType(ExpressionSyntaxException.class, () -> ConditionExpression.parse(source));
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        arguments("isPresnt([[x]])", 0, "unknown function 'isPresnt'"),
        arguments("1 == 'abc", 5, "unterminated string"),
        arguments("(isPresent([[x]])", 17, "expected ')'"),
        arguments("[[a | upcas]] == 'A'", 6, "unknown filter 'upcas'"),
        arguments("[[a]] ==", 8, "expected a value"),
        arguments("NOT", 3, "expected a value"),
        arguments("[[a]] == == 1", 9, "unexpected '=='"),
        arguments("[[a]] = 1", 6, "unexpected '=' (use '==' to compare)"),
        arguments("[[a]] & [[b]]", 6, "unexpected '&' (use '&&')"),
        arguments("[[a]] | [[b]]", 6, "unexpected '|' (use '||')"),
        arguments("[[a]] < [[b]] < 3", 14, "unexpected '<'"),
        arguments("billing == [[x]]", 0, "unquoted text 'billing' (write text in quotes)"),
        arguments("[[x]] == billing", 9, "unquoted text 'billing' (write text in quotes)"),
        arguments("isPresent [[x]]", 10, "expected '(' after 'isPresent'"),
        arguments("contains([[a]])", 0, "function 'contains' takes 2 arguments, not 1"),
        arguments("isPresent()", 0, "function 'isPresent' takes 1 argument, not 0"),
        arguments("true AND isEmpty([[a]], [[b]])", 9, "function 'isEmpty' takes 1 argument, not 2"),
        arguments("isPresent([[a]],)", 16, "unexpected ')'"),
        arguments("()", 1, "unexpected ')'"),
        arguments(")", 0, "unexpected ')'"),
        arguments("true false", 5, "unexpected 'false'"),
        arguments("[[a]] == 1 [[b]]", 11, "unexpected '[[b]]'"),
        arguments("[[a", 0, "unterminated variable reference"),
        arguments("true OR {{a.b | upcase", 8, "unterminated variable reference"),
        arguments("[[]]", 2, "expected a variable name"),
        arguments("[[a b]]", 4, "expected '|' or ']]'"),
        arguments("{{a]]", 3, "expected '|' or '}}'"),
        arguments("[[a.]]", 4, "expected a variable name"),
        arguments("[[ 0.name]] == 1", 3, "expected a variable name"),
        arguments("[[a[x]]]", 4, "expected a list index"),
        arguments("[[a[1 2]]]", 6, "expected ']'"),
        arguments("[[a | ]]", 6, "expected a filter name"),
        arguments("[[a | upcase: 'x']]", 12, "filter 'upcase' takes no argument"),
        arguments("[[a | default]]", 6, "filter 'default' needs an argument, as in default: 'text'"),
        arguments("[[a | default: guest]]", 15, "expected a quoted text, number, true, false or null"),
        arguments("12abc == 1", 0, "invalid number"),
        arguments("1.2.3", 0, "invalid number"),
        arguments("- 5 < 1", 0, "unexpected '-'"),
        arguments("[ [a]] == 1", 0, "unexpected '['"),
        arguments("[[a]] == #", 9, "unexpected '#'"),
        arguments("matches([[a]], '(')", 15, "invalid regular expression '(' (Unclosed group)"),
        arguments("", 0, "empty expression"),
        arguments("   ", 0, "empty expression"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("mistakes")
  void reportsWhatAndWhere(String source, int position, String message) {
    ExpressionSyntaxException error = failure(source);
    assertThat(error).as(source).isNotNull();
    assertThat(error.position()).as(source).isEqualTo(position);
    assertThat(error).as(source).hasMessage(message + " at position " + position);
  }

  @Test
  void theMessageReadsAsABriefSays() {
    assertThat(failure("(isPresent([[x]])")).hasMessage("expected ')' at position 17");
    assertThat(failure("isPresnt([[x]])")).hasMessage("unknown function 'isPresnt' at position 0");
    assertThat(failure("1 == 'abc")).hasMessage("unterminated string at position 5");
  }

  @Test
  void theFirstErrorInReadingOrderIsReported() {
    assertThat(failure("isPresnt([[x]]) AND 'abc")).hasMessage("unknown function 'isPresnt' at position 0");
    assertThat(failure("([[a]] == 1 OR [[b | upcas]]")).hasMessage("unknown filter 'upcas' at position 21");
    assertThat(failure("[[a]] == 'x' AND (")).hasMessage("expected a value at position 18");
  }

  @Test
  void aTrailingBackslashLeavesTheStringOpen() {
    assertThat(failure("'abc\\").position()).isZero();
    assertThat(failure("'abc\\")).hasMessageStartingWith("unterminated string");
  }

  @Test
  void nullIsAnEmptyExpression() {
    assertThat(failure(null)).hasMessage("empty expression at position 0");
  }

  @Test
  void absurdNestingIsRefusedNotOverflowed() {
    int depth = ExpressionParser.MAX_NESTING + 1;
    String nested = "(".repeat(depth) + "true" + ")".repeat(depth);
    assertThat(failure(nested)).hasMessage("expression nested too deeply at position " + (depth - 1));
    assertThat(failure("NOT ".repeat(depth) + "true").position()).isEqualTo(4 * (depth - 1));
    assertThat(failure("isPresent(".repeat(depth) + "1" + ")".repeat(depth))).hasMessageStartingWith(
        "expression nested too deeply");
    String deepButFine = "(".repeat(depth - 1) + "true" + ")".repeat(depth - 1);
    assertThat(ConditionExpression.parse(deepButFine).test(JsonVariables.empty())).isTrue();
  }

  @Test
  void aLongFlatConditionIsFine() {
    String many = String.join(" AND ", java.util.Collections.nCopies(5_000, "isPresent([[a]])"));
    assertThat(ConditionExpression.parse(many).test(
        new JsonVariables(new io.vertx.core.json.JsonObject().put("a", 1), null))).isTrue();
  }

  @Test
  void isAnIllegalArgument() {
    assertThatThrownBy(() -> ConditionExpression.parse("(")).isInstanceOf(IllegalArgumentException.class);
  }
}
