package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionExpressionTest {

  private static final JsonObject RUNTIME = new JsonObject()
      .put("full_name", "Ada Lovelace")
      .put("primary_complaint", "headache")
      .put("risk_factors", new JsonArray().add("smoker"))
      .put("age", 42)
      .put("age_text", "42")
      .put("severity", "mild")
      .put("flags", new JsonArray())
      .put("assessment", new JsonObject().put("urgency_level", "emergency"))
      .put("extracted_intent", "billing")
      .put("count", 3)
      .put("ratio", 2.5)
      .put("flag", false)
      .put("yes", true)
      .put("empty", "")
      .put("blank", "   ")
      .put("zero", 0)
      .put("nothing", (Object) null)
      .put("items", new JsonArray().add(new JsonObject().put("name", "first"))
          .add(new JsonObject().put("name", "last")))
      .put("tags", new JsonArray().add("vip").add(7))
      .put("profile", new JsonObject().put("plan", "gold"))
      .put("empty_map", new JsonObject())
      .put("greeting", "  Hello World  ")
      .put("big", 12345678901234L);

  private static final JsonObject DYNAMIC = new JsonObject()
      .put("clinic_name", "Riverside Clinic")
      .put("limit", "50")
      .put("blank_name", "");

  private static final VariableLookup VARIABLES = new JsonVariables(RUNTIME, DYNAMIC);

  private static Object evaluate(String source) {
    return ConditionExpression.parse(source).evaluate(VARIABLES);
  }

  private static boolean test(String source) {
    return ConditionExpression.parse(source).test(VARIABLES);
  }

  @Nested
  class WhatUsersWrite {

    @Test
    void bothPresent() {
      assertThat(test("isPresent([[full_name]]) AND isPresent([[primary_complaint]])")).isTrue();
      assertThat(test("isPresent([[full_name]]) AND isPresent([[not_said_yet]])")).isFalse();
    }

    @Test
    void aLongTriageCondition() {
      String condition = "isPresent([[risk_factors]]) AND ([[age]] < 50) AND ([[severity]] == 'none' OR "
          + "[[severity]] == 'mild') AND NOT isNonEmpty([[flags]])";
      assertThat(test(condition)).isTrue();
      VariableLookup severe = new JsonVariables(RUNTIME.copy().put("severity", "severe"), DYNAMIC);
      assertThat(ConditionExpression.parse(condition).test(severe)).isFalse();
      VariableLookup flagged = new JsonVariables(RUNTIME.copy().put("flags", new JsonArray().add("x")), DYNAMIC);
      assertThat(ConditionExpression.parse(condition).test(flagged)).isFalse();
    }

    @Test
    void aFilteredNestedPath() {
      assertThat(test("[[assessment.urgency_level | upcase ]] == 'EMERGENCY'")).isTrue();
      assertThat(test("[[assessment.urgency_level]] == 'EMERGENCY'")).isFalse();
    }

    @Test
    void theSimpleOnes() {
      assertThat(test("[[extracted_intent]] == 'billing'")).isTrue();
      assertThat(test("{{clinic_name}} != \"\"")).isTrue();
      assertThat(test("[[count]] >= 2.5")).isTrue();
      assertThat(test("[[ratio]] >= 2.5")).isTrue();
      assertThat(test("true")).isTrue();
      assertThat(test("[[flag]] == false")).isTrue();
    }

    @Test
    void theSpecsExample() {
      assertThat(test("isNonEmpty([[full_name]]) AND isNonEmpty([[visit_reason]])")).isFalse();
      VariableLookup complete = new JsonVariables(RUNTIME.copy().put("visit_reason", "checkup"), DYNAMIC);
      assertThat(ConditionExpression.parse("isNonEmpty([[full_name]]) AND isNonEmpty([[visit_reason]])")
          .test(complete)).isTrue();
    }
  }

  @Nested
  class Operators {

    @Test
    void keywordsInAnyCaseAndTheirSymbols() {
      assertThat(test("true and false")).isFalse();
      assertThat(test("true And true")).isTrue();
      assertThat(test("false or true")).isTrue();
      assertThat(test("not false")).isTrue();
      assertThat(test("true && false")).isFalse();
      assertThat(test("false || true")).isTrue();
      assertThat(test("!false")).isTrue();
      assertThat(test("!!true")).isTrue();
      assertThat(test("TRUE AND NOT FALSE")).isTrue();
    }

    @Test
    void logicalOperatorsAnswerBooleans() {
      assertThat(evaluate("[[full_name]] AND [[count]]")).isEqualTo(true);
      assertThat(evaluate("[[empty]] OR [[zero]]")).isEqualTo(false);
      assertThat(evaluate("NOT [[full_name]]")).isEqualTo(false);
    }

    @Test
    void andAndOrStopAtTheAnswer() {
      VariableLookup exploding = new VariableLookup() {
        @Override
        public Object runtime(String path) {
          if (path.equals("boom")) {
            throw new AssertionError("evaluated past the answer");
          }
          return "x";
        }

        @Override
        public Object dynamic(String path) {
          return null;
        }
      };
      assertThat(ConditionExpression.parse("false AND [[boom]]").test(exploding)).isFalse();
      assertThat(ConditionExpression.parse("true OR [[boom]]").test(exploding)).isTrue();
    }

    @Test
    void everyComparison() {
      assertThat(test("[[count]] == 3")).isTrue();
      assertThat(test("[[count]] != 3")).isFalse();
      assertThat(test("[[count]] < 4")).isTrue();
      assertThat(test("[[count]] < 3")).isFalse();
      assertThat(test("[[count]] <= 3")).isTrue();
      assertThat(test("[[count]] > 2")).isTrue();
      assertThat(test("[[count]] > 3")).isFalse();
      assertThat(test("[[count]] >= 3")).isTrue();
      assertThat(test("[[count]] >= 4")).isFalse();
    }

    @Test
    void stringsCompareExactlyAndOrderAsText() {
      assertThat(test("[[severity]] == 'mild'")).isTrue();
      assertThat(test("[[severity]] == 'Mild'")).isFalse();
      assertThat(test("[[severity]] == 'mild '")).isFalse();
      assertThat(test("'apple' < 'banana'")).isTrue();
      assertThat(test("'b' >= 'a'")).isTrue();
    }

    @Test
    void doubleQuotedStringsAndEscapes() {
      assertThat(evaluate("\"it's\"")).isEqualTo("it's");
      assertThat(evaluate("'it\\'s'")).isEqualTo("it's");
      assertThat(evaluate("'say \"hi\"'")).isEqualTo("say \"hi\"");
      assertThat(evaluate("\"a\\\"b\"")).isEqualTo("a\"b");
      assertThat(evaluate("'line\\nbreak\\ttab\\\\'")).isEqualTo("line\nbreak\ttab\\");
      assertThat(evaluate("'caf\\u00e9'")).isEqualTo("café");
      assertThat(evaluate("'\\d+'")).isEqualTo("\\d+");
    }

    @Test
    void numbers() {
      assertThat(evaluate("42")).isEqualTo(42L);
      assertThat(evaluate("-7")).isEqualTo(-7L);
      assertThat(evaluate("2.5")).isEqualTo(2.5);
      assertThat(evaluate("-0.5")).isEqualTo(-0.5);
      assertThat(evaluate("123456789012345678901234567890"))
          .isEqualTo(new BigDecimal("123456789012345678901234567890"));
      assertThat(test("-1 < 0")).isTrue();
      assertThat(test("[[count]] > -3.5")).isTrue();
      assertThat(test("2 == 2.0")).isTrue();
      assertThat(test("[[big]] == 12345678901234")).isTrue();
      assertThat(test("[[big]] < 12345678901235")).isTrue();
    }

    @Test
    void booleansAndNullInAnyCase() {
      assertThat(evaluate("TRUE")).isEqualTo(true);
      assertThat(evaluate("False")).isEqualTo(false);
      assertThat(evaluate("null")).isNull();
      assertThat(evaluate("None")).isNull();
      assertThat(evaluate("NULL")).isNull();
    }

    @Test
    void whitespaceAnywhere() {
      assertThat(test("  isPresent (  [[  full_name  ]]  )AND([[count]]>=3)  ")).isTrue();
      assertThat(test("[[\tassessment . urgency_level\n|\nupcase\t]]=='EMERGENCY'")).isTrue();
      assertThat(test("{{ clinic_name }} == 'Riverside Clinic'")).isTrue();
    }
  }

  @Nested
  class Precedence {

    @Test
    void andBindsTighterThanOr() {
      assertThat(test("true OR false AND false")).isTrue();
      assertThat(test("(true OR false) AND false")).isFalse();
      assertThat(test("false AND false OR true")).isTrue();
      assertThat(test("false AND (false OR true)")).isFalse();
    }

    @Test
    void comparisonBindsTighterThanAnd() {
      assertThat(test("[[count]] == 3 AND [[severity]] == 'mild'")).isTrue();
      assertThat(test("[[count]] == 4 OR [[severity]] == 'mild'")).isTrue();
    }

    @Test
    void notBindsTighterThanComparison() {
      // (NOT 'x') == false, not NOT ('x' == false)
      assertThat(test("NOT 'x' == false")).isTrue();
      assertThat(test("NOT ('x' == false)")).isTrue();
      assertThat(test("NOT [[count]] == 3")).isFalse();
      assertThat(test("NOT ([[count]] == 3)")).isFalse();
      assertThat(test("!isEmpty([[flags]]) == false")).isTrue();
    }

    @Test
    void notBindsTighterThanAndAndOr() {
      assertThat(test("NOT true AND false")).isFalse();
      assertThat(test("NOT false OR false")).isTrue();
      assertThat(test("NOT (false OR true)")).isFalse();
    }
  }

  @Nested
  class NumericCoercion {

    @Test
    void aNumericStringMeetsANumber() {
      assertThat(test("[[age_text]] < 50")).isTrue();
      assertThat(test("'42' < 50")).isTrue();
      assertThat(test("50 > '42'")).isTrue();
      assertThat(test("[[age_text]] == 42")).isTrue();
      assertThat(test("' 42 ' == 42")).isTrue();
      assertThat(test("'42.0' == 42")).isTrue();
      assertThat(test("{{limit}} >= [[age]]")).isTrue();
      assertThat(test("'+3' == 3")).isTrue();
      assertThat(test("'-3.5' < -3")).isTrue();
    }

    @Test
    void twoNumericStringsOrderAsNumbersButEqualAsText() {
      assertThat(test("'10' > '9'")).isTrue();
      assertThat(test("[[age_text]] < {{limit}}")).isTrue();
      assertThat(test("'42' == '42.0'")).isFalse();
    }

    @Test
    void textThatIsNoNumberNeverMeetsANumber() {
      assertThat(test("'forty' < 50")).isFalse();
      assertThat(test("'forty' > 50")).isFalse();
      assertThat(test("'forty' == 50")).isFalse();
      assertThat(test("'forty' != 50")).isTrue();
      assertThat(test("'1e3' == 1000")).isFalse();
      assertThat(test("'' == 0")).isFalse();
    }

    @Test
    void booleansMeetTheirText() {
      assertThat(test("'true' == true")).isTrue();
      assertThat(test("'False' == false")).isTrue();
      assertThat(test("'yes' == true")).isFalse();
      assertThat(test("1 == true")).isFalse();
    }
  }

  @Nested
  class NullHandling {

    @Test
    void missingVariablesAreNull() {
      assertThat(evaluate("[[not_there]]")).isNull();
      assertThat(evaluate("[[nothing]]")).isNull();
      assertThat(evaluate("{{not_there.deeper.0}}")).isNull();
      assertThat(evaluate("[[full_name.first]]")).isNull();
    }

    @Test
    void equalityWithNullWorks() {
      assertThat(test("[[not_there]] == null")).isTrue();
      assertThat(test("[[nothing]] == none")).isTrue();
      assertThat(test("null == null")).isTrue();
      assertThat(test("[[full_name]] != null")).isTrue();
      assertThat(test("[[not_there]] == ''")).isFalse();
      assertThat(test("[[not_there]] != ''")).isTrue();
      assertThat(test("[[not_there]] == 0")).isFalse();
      assertThat(test("[[not_there]] == false")).isFalse();
    }

    @Test
    void orderingWithNullIsFalseBothWays() {
      for (String op : List.of("<", "<=", ">", ">=")) {
        assertThat(test("[[not_there]] " + op + " 5")).as(op).isFalse();
        assertThat(test("5 " + op + " [[not_there]]")).as(op).isFalse();
        assertThat(test("null " + op + " null")).as(op).isFalse();
      }
    }

    @Test
    void orderingOfIncompatibleValuesIsFalse() {
      for (String op : List.of("<", "<=", ">", ">=")) {
        assertThat(test("[[tags]] " + op + " 5")).as(op).isFalse();
        assertThat(test("[[profile]] " + op + " 'a'")).as(op).isFalse();
        assertThat(test("true " + op + " false")).as(op).isFalse();
        assertThat(test("[[flag]] " + op + " 1")).as(op).isFalse();
      }
    }

    @Test
    void listsAndMapsCompareByContent() {
      assertThat(test("[[flags]] == [[flags]]")).isTrue();
      assertThat(test("[[tags]] == [[tags]]")).isTrue();
      assertThat(test("[[tags]] == [[flags]]")).isFalse();
      assertThat(test("[[profile]] == [[profile]]")).isTrue();
      assertThat(test("[[profile]] == [[empty_map]]")).isFalse();
      assertThat(test("[[tags]] == 'vip'")).isFalse();
    }
  }

  @Nested
  class Truthiness {

    @ParameterizedTest
    @ValueSource(strings = {"[[nothing]]", "[[not_there]]", "[[flag]]", "[[zero]]", "[[empty]]", "[[flags]]",
        "[[empty_map]]", "0", "0.0", "''", "false", "null"})
    void falsyValues(String source) {
      assertThat(test(source)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[full_name]]", "[[blank]]", "[[yes]]", "[[count]]", "[[tags]]", "[[profile]]", "-1",
        "0.5", "'false'", "'0'", "true"})
    void truthyValues(String source) {
      assertThat(test(source)).isTrue();
    }
  }

  @Nested
  class Functions {

    @Test
    void isPresentRejectsOnlyNullAndTheEmptyString() {
      assertThat(test("isPresent([[full_name]])")).isTrue();
      assertThat(test("isPresent([[blank]])")).isTrue();
      assertThat(test("isPresent([[zero]])")).isTrue();
      assertThat(test("isPresent([[flag]])")).isTrue();
      assertThat(test("isPresent([[flags]])")).isTrue();
      assertThat(test("isPresent([[empty]])")).isFalse();
      assertThat(test("isPresent([[nothing]])")).isFalse();
      assertThat(test("isPresent([[not_there]])")).isFalse();
    }

    @Test
    void isNotPresentAndIsAbsentAreItsOpposite() {
      assertThat(test("isNotPresent([[not_there]])")).isTrue();
      assertThat(test("isNotPresent([[empty]])")).isTrue();
      assertThat(test("isNotPresent([[full_name]])")).isFalse();
      assertThat(test("isAbsent([[nothing]])")).isTrue();
      assertThat(test("isAbsent([[zero]])")).isFalse();
    }

    @Test
    void isNonEmptyWantsContent() {
      assertThat(test("isNonEmpty([[full_name]])")).isTrue();
      assertThat(test("isNonEmpty([[blank]])")).isFalse();
      assertThat(test("isNonEmpty([[empty]])")).isFalse();
      assertThat(test("isNonEmpty([[nothing]])")).isFalse();
      assertThat(test("isNonEmpty([[flags]])")).isFalse();
      assertThat(test("isNonEmpty([[empty_map]])")).isFalse();
      assertThat(test("isNonEmpty([[tags]])")).isTrue();
      assertThat(test("isNonEmpty([[profile]])")).isTrue();
      assertThat(test("isNonEmpty([[zero]])")).isTrue();
      assertThat(test("isNonEmpty([[flag]])")).isTrue();
    }

    @Test
    void isEmptyIsItsOpposite() {
      assertThat(test("isEmpty([[blank]])")).isTrue();
      assertThat(test("isEmpty([[flags]])")).isTrue();
      assertThat(test("isEmpty([[not_there]])")).isTrue();
      assertThat(test("isEmpty([[zero]])")).isFalse();
      assertThat(test("isEmpty([[tags]])")).isFalse();
    }

    @Test
    void containsLooksInTextListsAndMaps() {
      assertThat(test("contains([[full_name]], 'Love')")).isTrue();
      assertThat(test("contains([[full_name]], 'love')")).isFalse();
      assertThat(test("contains([[tags]], 'vip')")).isTrue();
      assertThat(test("contains([[tags]], 7)")).isTrue();
      assertThat(test("contains([[tags]], '7')")).isTrue();
      assertThat(test("contains([[tags]], 'regular')")).isFalse();
      assertThat(test("contains([[profile]], 'plan')")).isTrue();
      assertThat(test("contains([[big]], 5678)")).isTrue();
      assertThat(test("contains([[not_there]], 'x')")).isFalse();
      assertThat(test("contains([[full_name]], [[not_there]])")).isFalse();
    }

    @Test
    void startsWithAndEndsWith() {
      assertThat(test("startsWith([[full_name]], 'Ada')")).isTrue();
      assertThat(test("startsWith([[full_name]], 'Lovelace')")).isFalse();
      assertThat(test("endsWith([[full_name]], 'Lovelace')")).isTrue();
      assertThat(test("endsWith([[full_name]], 'Ada')")).isFalse();
      assertThat(test("startsWith([[big]], 1234)")).isTrue();
      assertThat(test("startsWith([[not_there]], '')")).isFalse();
      assertThat(test("startsWith([[tags]], 'vip')")).isFalse();
    }

    @Test
    void lengthOfTextListsAndMaps() {
      assertThat(evaluate("length([[full_name]])")).isEqualTo(12L);
      assertThat(evaluate("length([[tags]])")).isEqualTo(2L);
      assertThat(evaluate("length([[profile]])")).isEqualTo(1L);
      assertThat(evaluate("length([[not_there]])")).isEqualTo(0L);
      assertThat(evaluate("length('héllo')")).isEqualTo(5L);
      assertThat(test("length([[full_name]]) > 3")).isTrue();
    }

    @Test
    void lowerAndUpper() {
      assertThat(evaluate("lower([[full_name]])")).isEqualTo("ada lovelace");
      assertThat(evaluate("upper([[full_name]])")).isEqualTo("ADA LOVELACE");
      assertThat(evaluate("upper([[not_there]])")).isNull();
      assertThat(test("lower([[assessment.urgency_level]]) == 'emergency'")).isTrue();
    }

    @Test
    void equalsIgnoreCase() {
      assertThat(test("equalsIgnoreCase([[extracted_intent]], 'BILLING')")).isTrue();
      assertThat(test("equalsIgnoreCase([[extracted_intent]], 'sales')")).isFalse();
      assertThat(test("equalsIgnoreCase([[not_there]], [[nothing]])")).isTrue();
      assertThat(test("equalsIgnoreCase([[not_there]], '')")).isFalse();
    }

    @Test
    void matchesSearchesWithARegularExpression() {
      assertThat(test("matches([[full_name]], 'Love')")).isTrue();
      assertThat(test("matches([[full_name]], '^Ada [A-Z]\\\\w+$')")).isTrue();
      assertThat(test("matches([[full_name]], '^Love')")).isFalse();
      assertThat(test("matches('ab12', '\\d+')")).isTrue();
      assertThat(test("matches([[not_there]], '.*')")).isFalse();
      assertThat(test("matches([[full_name]], [[not_there]])")).isFalse();
    }

    @Test
    void aRegularExpressionFromAVariableThatDoesNotCompileIsNoMatch() {
      VariableLookup badPattern = new JsonVariables(new JsonObject().put("p", "(unclosed"), null);
      assertThat(ConditionExpression.parse("matches('x', [[p]])").test(badPattern)).isFalse();
    }

    @Test
    void catastrophicBacktrackingGivesUpAsNoMatch() {
      String text = "a".repeat(40) + "!";
      VariableLookup attack = new JsonVariables(new JsonObject().put("text", text), null);
      long started = System.nanoTime();
      assertThat(ConditionExpression.parse("matches([[text]], '^(a+)+$')").test(attack)).isFalse();
      assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }

    @Test
    void namesMatchInAnyCase() {
      assertThat(test("ISPRESENT([[full_name]])")).isTrue();
      assertThat(test("ispresent([[full_name]])")).isTrue();
      assertThat(test("IsNonEmpty([[full_name]])")).isTrue();
      assertThat(test("Contains([[tags]], 'vip')")).isTrue();
    }

    @Test
    void functionsNest() {
      assertThat(test("contains(lower([[full_name]]), lower('LOVE'))")).isTrue();
      assertThat(test("length(upper([[severity]])) == 4")).isTrue();
      assertThat(test("isPresent(NOT [[flag]])")).isTrue();
      assertThat(test("isPresent([[count]] > 2)")).isTrue();
    }
  }

  @Nested
  class Filters {

    @Test
    void everyFilter() {
      assertThat(evaluate("[[full_name | upcase]]")).isEqualTo("ADA LOVELACE");
      assertThat(evaluate("[[full_name | downcase]]")).isEqualTo("ada lovelace");
      assertThat(evaluate("[[assessment.urgency_level | capitalize]]")).isEqualTo("Emergency");
      assertThat(evaluate("[[greeting | strip]]")).isEqualTo("Hello World");
      assertThat(evaluate("[[full_name | size]]")).isEqualTo(12L);
      assertThat(evaluate("[[tags | size]]")).isEqualTo(2L);
      assertThat(evaluate("[[tags | first]]")).isEqualTo("vip");
      assertThat(evaluate("[[tags | last]]")).isEqualTo(7);
      assertThat(evaluate("[[full_name | first]]")).isEqualTo("A");
      assertThat(evaluate("[[full_name | last]]")).isEqualTo("e");
      assertThat(evaluate("[[not_there | default: 'guest']]")).isEqualTo("guest");
      assertThat(evaluate("[[empty | default: \"guest\"]]")).isEqualTo("guest");
      assertThat(evaluate("[[full_name | default: 'guest']]")).isEqualTo("Ada Lovelace");
      assertThat(evaluate("[[not_there | default: 3]]")).isEqualTo(3L);
      assertThat(evaluate("[[flags | default: true]]")).isEqualTo(true);
    }

    @Test
    void filtersChainLeftToRight() {
      assertThat(evaluate("[[greeting | strip | upcase]]")).isEqualTo("HELLO WORLD");
      assertThat(evaluate("[[greeting|strip|size]]")).isEqualTo(11L);
      assertThat(evaluate("[[not_there | default: 'abc' | upcase | size]]")).isEqualTo(3L);
      assertThat(evaluate("[[items | first | size]]")).isEqualTo(1L);
    }

    @Test
    void filtersOnMissingValuesStayNull() {
      assertThat(evaluate("[[not_there | upcase]]")).isNull();
      assertThat(evaluate("[[not_there | strip]]")).isNull();
      assertThat(evaluate("[[flags | first]]")).isNull();
      assertThat(evaluate("[[not_there | size]]")).isEqualTo(0L);
      assertThat(evaluate("[[count | upcase]]")).isEqualTo("3");
    }

    @Test
    void filterNamesMatchInAnyCase() {
      assertThat(evaluate("[[full_name | UPCASE]]")).isEqualTo("ADA LOVELACE");
    }

    @Test
    void dynamicVariablesTakeFiltersToo() {
      assertThat(evaluate("{{clinic_name | downcase}}")).isEqualTo("riverside clinic");
      assertThat(test("{{blank_name | default: 'x'}} == 'x'")).isTrue();
    }
  }

  @Nested
  class Paths {

    @Test
    void dottedAndIndexedPaths() {
      assertThat(evaluate("[[items.0.name]]")).isEqualTo("first");
      assertThat(evaluate("[[items[1].name]]")).isEqualTo("last");
      assertThat(evaluate("[[items [ 1 ] . name]]")).isEqualTo("last");
      assertThat(evaluate("[[items.-1.name]]")).isEqualTo("last");
      assertThat(evaluate("[[items.2.name]]")).isNull();
      assertThat(evaluate("[[items.name]]")).isNull();
    }

    @Test
    void crossThreadReferencesAreDottedPaths() {
      JsonObject runtime = new JsonObject().put("thread_0", new JsonObject().put("intent", "billing"))
          .put("thread_intake.intent", "booking");
      VariableLookup threads = new JsonVariables(runtime, null);
      assertThat(ConditionExpression.parse("[[thread_0.intent]] == 'billing'").test(threads)).isTrue();
      assertThat(ConditionExpression.parse("[[thread_intake.intent]] == 'booking'").test(threads)).isTrue();
    }

    @Test
    void theLookupSeesCanonicalPaths() {
      List<String> asked = new ArrayList<>();
      VariableLookup recording = new VariableLookup() {
        @Override
        public Object runtime(String path) {
          asked.add("runtime:" + path);
          return null;
        }

        @Override
        public Object dynamic(String path) {
          asked.add("dynamic:" + path);
          return null;
        }
      };
      ConditionExpression.parse("[[ a . b [2] . c ]] == {{x-y.z_1}}").evaluate(recording);
      assertThat(asked).containsExactly("runtime:a.b.2.c", "dynamic:x-y.z_1");
    }
  }

  @Nested
  class NeverThrows {

    @Test
    void plainJavaValuesFromAnyLookup() {
      Map<String, Object> nested = new HashMap<>();
      nested.put("when", java.time.Instant.parse("2024-01-02T03:04:05Z"));
      nested.put("list", List.of(1, 2, 3));
      nested.put("float", Float.NaN);
      nested.put("inf", Double.POSITIVE_INFINITY);
      nested.put("chars", new StringBuilder("sb"));
      VariableLookup java = new VariableLookup() {
        @Override
        public Object runtime(String path) {
          return nested.get(path);
        }

        @Override
        public Object dynamic(String path) {
          return nested;
        }
      };
      assertThat(ConditionExpression.parse("[[when]] == '2024-01-02T03:04:05Z'").test(java)).isTrue();
      assertThat(ConditionExpression.parse("[[chars]] == 'sb'").test(java)).isTrue();
      assertThat(ConditionExpression.parse("[[float]] < 1 OR [[float]] >= 1 OR [[float]] == [[float]]").test(java))
          .isFalse();
      assertThat(ConditionExpression.parse("[[inf]] > 1 AND [[inf]] == [[inf]]").test(java)).isTrue();
      assertThat(ConditionExpression.parse("[[list]] == [[list]] AND {{list}} != {{list}}").test(java)).isTrue();
    }

    @Test
    void everyFunctionAndOperatorOnEveryKindOfValue() {
      List<String> values = List.of("[[full_name]]", "[[blank]]", "[[empty]]", "[[nothing]]", "[[not_there]]",
          "[[count]]", "[[ratio]]", "[[flag]]", "[[tags]]", "[[flags]]", "[[profile]]", "[[items]]", "[[big]]");
      List<String> unary = List.of("isPresent", "isNotPresent", "isAbsent", "isNonEmpty", "isEmpty", "length",
          "lower", "upper");
      List<String> binary = List.of("contains", "startsWith", "endsWith", "equalsIgnoreCase", "matches");
      List<String> operators = List.of("==", "!=", "<", "<=", ">", ">=", "AND", "OR");
      for (String a : values) {
        for (String function : unary) {
          evaluate(function + "(" + a + ")");
        }
        for (String b : values) {
          for (String function : binary) {
            evaluate(function + "(" + a + ", " + b + ")");
          }
          for (String operator : operators) {
            evaluate(a + " " + operator + " " + b);
            assertThat(evaluate(a + " " + operator + " " + b)).isEqualTo(evaluate(a + " " + operator + " " + b));
          }
        }
      }
    }
  }

  @Nested
  class Introspection {

    @Test
    void sourceIsKeptAsWritten() {
      String source = "  [[a]]  ==  'b' ";
      assertThat(ConditionExpression.parse(source).source()).isEqualTo(source);
      assertThat(ConditionExpression.parse(source)).hasToString(source);
    }

    @Test
    void referencesListEachVariableOnceInOrder() {
      ConditionExpression expression = ConditionExpression.parse(
          "isPresent([[b]]) AND ({{a | upcase}} == [[b]] OR contains([[c.d]], {{a | upcase}}))");
      assertThat(expression.references()).extracting(VariableReference::placeholder)
          .containsExactly("[[b]]", "{{a | upcase}}", "[[c.d]]");
      assertThat(expression.references().get(1).scope()).isEqualTo(VariableReference.Scope.DYNAMIC);
    }
  }
}
