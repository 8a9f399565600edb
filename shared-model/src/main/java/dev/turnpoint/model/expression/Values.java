package dev.turnpoint.model.expression;

import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The value semantics of conditions, filters and templates. Variables hold whatever JSON produced (strings, numbers,
 * booleans, lists, maps, null) and none of these operations may throw on them: a question that makes no sense for the
 * values at hand (is a list less than a number?) simply answers false.
 */
final class Values {

  /** Numeric text as LLMs and forms produce it; no exponents, so a number's size is bounded by its text. */
  private static final Pattern NUMERIC_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  /** Longer "numbers" are identifiers or noise, and parsing them would only cost time. */
  private static final int MAX_NUMERIC_TEXT_LENGTH = 100;
  /** Beyond this exponent a plain rendering would be absurdly long. */
  private static final int MAX_PLAIN_SCALE = 1000;

  private Values() {
  }

  /** The value as conditions see it: JSON containers become Map/List, text becomes String. */
  static Object normalize(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number
        || value instanceof Map || value instanceof List) {
      return value;
    }
    if (value instanceof JsonObject json) {
      return json.getMap();
    }
    if (value instanceof JsonArray json) {
      return json.getList();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    return value.toString();
  }

  static Map<?, ?> asMap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    return value instanceof JsonObject json ? json.getMap() : null;
  }

  static List<?> asList(Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    return value instanceof JsonArray json ? json.getList() : null;
  }

  /** null, false, 0, "", and empty lists and maps are false; everything else is true. */
  static boolean truthy(Object value) {
    Object v = normalize(value);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      BigDecimal decimal = decimal(n);
      return decimal == null ? n.doubleValue() != 0 : decimal.signum() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    return true;
  }

  /**
   * Equality as {@code ==} sees it: numbers by value (a numeric string equals the number it spells), strings exactly,
   * a boolean equals the text {@code "true"}/{@code "false"} in any case, lists and maps element by element, and null
   * only equals null.
   */
  static boolean looseEquals(Object left, Object right) {
    Object a = normalize(left);
    Object b = normalize(right);
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number || b instanceof Number) {
      return numericEquals(a, b);
    }
    if (a instanceof Boolean || b instanceof Boolean) {
      return booleanEquals(a, b);
    }
    if (a instanceof String && b instanceof String) {
      return a.equals(b);
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      return listEquals(la, lb);
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      return mapEquals(ma, mb);
    }
    return false;
  }

  private static boolean numericEquals(Object a, Object b) {
    if (a instanceof Number na && b instanceof Number nb && (!isFinite(na) || !isFinite(nb))) {
      return na.doubleValue() == nb.doubleValue();
    }
    BigDecimal da = numeric(a);
    BigDecimal db = numeric(b);
    return da != null && db != null && da.compareTo(db) == 0;
  }

  private static boolean booleanEquals(Object a, Object b) {
    if (a instanceof Boolean ba && b instanceof Boolean bb) {
      return ba.equals(bb);
    }
    Boolean flag = (Boolean) (a instanceof Boolean ? a : b);
    Object other = a instanceof Boolean ? b : a;
    return other instanceof String text && text.trim().equalsIgnoreCase(flag.toString());
  }

  private static boolean listEquals(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<?> ia = a.iterator();
    Iterator<?> ib = b.iterator();
    while (ia.hasNext()) {
      if (!looseEquals(ia.next(), ib.next())) {
        return false;
      }
    }
    return true;
  }

  private static boolean mapEquals(Map<?, ?> a, Map<?, ?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<?, ?> entry : a.entrySet()) {
      if (!b.containsKey(entry.getKey()) || !looseEquals(entry.getValue(), b.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The order of two values for {@code < <= > >=}: numbers (and numeric strings) by value, other strings
   * lexicographically; empty when they cannot be ordered (null, booleans, lists, maps, text against a number).
   */
  static OptionalInt compare(Object left, Object right) {
    Object a = normalize(left);
    Object b = normalize(right);
    if (a instanceof Number na && b instanceof Number nb && (!isFinite(na) || !isFinite(nb))) {
      double da = na.doubleValue();
      double db = nb.doubleValue();
      return Double.isNaN(da) || Double.isNaN(db) ? OptionalInt.empty() : OptionalInt.of(Double.compare(da, db));
    }
    boolean numericSide = a instanceof Number || b instanceof Number;
    boolean bothText = a instanceof String && b instanceof String;
    if (numericSide || bothText) {
      BigDecimal da = numeric(a);
      BigDecimal db = numeric(b);
      if (da != null && db != null) {
        return OptionalInt.of(da.compareTo(db));
      }
    }
    if (bothText) {
      return OptionalInt.of(Integer.signum(((String) a).compareTo((String) b)));
    }
    return OptionalInt.empty();
  }

  /** A number, or a string that spells one, as a decimal; null for anything else. */
  static BigDecimal numeric(Object value) {
    if (value instanceof Number n) {
      return decimal(n);
    }
    if (value instanceof String s) {
      String text = s.trim();
      if (text.length() <= MAX_NUMERIC_TEXT_LENGTH && NUMERIC_TEXT.matcher(text).matches()) {
        return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
      }
    }
    return null;
  }

  /** The exact decimal value of a finite number; null for NaN and infinities. */
  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof Float f) {
      return Float.isFinite(f) ? new BigDecimal(f.toString()) : null;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
  }

  private static boolean isFinite(Number n) {
    return decimal(n) != null;
  }

  /**
   * The value as text: strings as they are, numbers without a trailing {@code .0} or exponent, booleans in lower case,
   * lists and maps as compact JSON, null as the empty string.
   */
  static String text(Object value) {
    Object v = normalize(value);
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number n) {
      return formatNumber(n);
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    return json(v);
  }

  private static String formatNumber(Number n) {
    BigDecimal decimal = decimal(n);
    if (decimal == null) {
      return n.toString();
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    return Math.abs(stripped.scale()) > MAX_PLAIN_SCALE ? stripped.toString() : stripped.toPlainString();
  }

  private static String json(Object value) {
    try {
      return Json.encode(value);
    } catch (RuntimeException unencodable) {
      return String.valueOf(value);
    }
  }

  /** Length of text (in characters), lists and maps; null has length 0, other values the length of their text. */
  static long length(Object value) {
    Object v = normalize(value);
    if (v instanceof List<?> list) {
      return list.size();
    }
    if (v instanceof Map<?, ?> map) {
      return map.size();
    }
    String text = text(v);
    return text.codePointCount(0, text.length());
  }

  /** Present: anything but null and the empty string. */
  static boolean isPresent(Object value) {
    Object v = normalize(value);
    return v != null && !"".equals(v);
  }

  /** Non-empty: text with a non-blank character, a non-empty list or map, or any number or boolean. */
  static boolean isNonEmpty(Object value) {
    Object v = normalize(value);
    if (v == null) {
      return false;
    }
    if (v instanceof String s) {
      return !s.isBlank();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }
}
