package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random texts built from the language's own pieces: parsing fails only with a syntax error, never worse. */
class ArbitraryInputTest {

  private static final List<String> PIECES = List.of("[[", "]]", "{{", "}}", "[", "]", "{", "}", "(", ")", ",", "|",
      "||", "&&", "!", "=", "==", "!=", "<", "<=", ">", ">=", "'", "\"", "\\", ".", ":", "-", " ", "\t", "0", "42",
      "2.5", "a", "name", "x.y", "AND", "or", "NOT", "true", "null", "isPresent", "contains", "matches", "upcase",
      "default", "size", "é", "\uD83D\uDE00", "[[a]]", "{{b | upcase}}", "'text'", "'(\\d+'");

  private static final VariableLookup VARIABLES = new JsonVariables(
      new JsonObject().put("a", "x").put("name", new JsonArray().add(1).add("two")).put("x", new JsonObject()),
      new JsonObject().put("b", 3.5));

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return text.toString();
  }

  @Test
  void parsingFailsOnlyWithAPositionedSyntaxErrorAndEvaluationNeverFails() {
    Random random = new Random(20240601L);
    int parsed = 0;
    for (int i = 0; i < 30_000; i++) {
      String source = randomText(random);
      ConditionExpression expression;
      try {
        expression = ConditionExpression.parse(source);
      } catch (ExpressionSyntaxException e) {
        assertThat(e.position()).as(source).isBetween(0, source.length());
        continue;
      }
      parsed++;
      Object first = expression.evaluate(VARIABLES);
      assertThat(expression.evaluate(VARIABLES)).as(source).isEqualTo(first);
      assertThat(expression.test(JsonVariables.empty())).isIn(true, false);
    }
    assertThat(parsed).isGreaterThan(500);
  }

  @Test
  void renderingNeverFailsAndKeepsTextWithoutPlaceholders() {
    Random random = new Random(7L);
    for (int i = 0; i < 30_000; i++) {
      String text = randomText(random);
      String rendered = Templates.render(text, VARIABLES);
      assertThat(rendered).as(text).isNotNull();
      if (Templates.placeholders(text).isEmpty()) {
        assertThat(rendered).as(text).isEqualTo(text);
      }
    }
  }
}
