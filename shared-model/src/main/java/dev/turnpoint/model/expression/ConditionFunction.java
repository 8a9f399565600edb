package dev.turnpoint.model.expression;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The functions a condition may call. Names are written as here ({@code isPresent}) but match in any case. Every
 * function accepts any values: where a question makes no sense for them (does a map start with "a"?) it answers
 * false.
 */
enum ConditionFunction {
  IS_PRESENT("isPresent", 1, args -> Values.isPresent(args.get(0))),
  IS_NOT_PRESENT("isNotPresent", 1, args -> !Values.isPresent(args.get(0))),
  IS_ABSENT("isAbsent", 1, args -> !Values.isPresent(args.get(0))),
  IS_NON_EMPTY("isNonEmpty", 1, args -> Values.isNonEmpty(args.get(0))),
  IS_EMPTY("isEmpty", 1, args -> !Values.isNonEmpty(args.get(0))),
  CONTAINS("contains", 2, args -> contains(args.get(0), args.get(1))),
  STARTS_WITH("startsWith", 2, args -> textTest(args.get(0), args.get(1), String::startsWith)),
  ENDS_WITH("endsWith", 2, args -> textTest(args.get(0), args.get(1), String::endsWith)),
  LENGTH("length", 1, args -> Values.length(args.get(0))),
  LOWER("lower", 1, args -> args.get(0) == null ? null : Values.text(args.get(0)).toLowerCase(Locale.ROOT)),
  UPPER("upper", 1, args -> args.get(0) == null ? null : Values.text(args.get(0)).toUpperCase(Locale.ROOT)),
  EQUALS_IGNORE_CASE("equalsIgnoreCase", 2, args -> equalsIgnoreCase(args.get(0), args.get(1))),
  /** Whether the regular expression occurs anywhere in the text; anchor it with ^ and $ to match the whole text. */
  MATCHES("matches", 2, args -> matches(args.get(0), args.get(1)));

  private final String functionName;
  private final int arity;
  private final Function<List<Object>, Object> body;

  ConditionFunction(String functionName, int arity, Function<List<Object>, Object> body) {
    this.functionName = functionName;
    this.arity = arity;
    this.body = body;
  }

  String functionName() {
    return functionName;
  }

  int arity() {
    return arity;
  }

  Object apply(List<Object> arguments) {
    return body.apply(arguments);
  }

  static Optional<ConditionFunction> named(String name) {
    for (ConditionFunction function : values()) {
      if (function.functionName.equalsIgnoreCase(name)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }

  /** The text of a string, number or boolean; empty for null, lists and maps. */
  private static Optional<String> scalarText(Object value) {
    Object v = Values.normalize(value);
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return Optional.of(Values.text(v));
    }
    return Optional.empty();
  }

  /** A test of two texts; false unless both are strings, numbers or booleans. */
  private static boolean textTest(Object a, Object b, BiPredicate<String, String> test) {
    Optional<String> left = scalarText(a);
    Optional<String> right = scalarText(b);
    return left.isPresent() && right.isPresent() && test.test(left.get(), right.get());
  }

  /** A substring of a text, an element of a list (compared as {@code ==} does), or a key of a map. */
  private static boolean contains(Object haystack, Object needle) {
    Object h = Values.normalize(haystack);
    if (needle == null && !(h instanceof List)) {
      return false;
    }
    List<?> list = Values.asList(h);
    if (list != null) {
      return list.stream().anyMatch(element -> Values.looseEquals(element, needle));
    }
    Map<?, ?> map = Values.asMap(h);
    if (map != null) {
      return map.containsKey(Values.text(needle));
    }
    return scalarText(h).map(text -> text.contains(Values.text(needle))).orElse(false);
  }

  private static boolean equalsIgnoreCase(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Values.text(a).equalsIgnoreCase(Values.text(b));
  }

  private static boolean matches(Object text, Object regex) {
    if (text == null || regex == null) {
      return false;
    }
    try {
      Pattern pattern = Pattern.compile(Values.text(regex));
      return pattern.matcher(new BoundedRegexInput(Values.text(text))).find();
    } catch (PatternSyntaxException | BoundedRegexInput.BudgetExceeded | StackOverflowError unanswerable) {
      return false;
    }
  }
}
