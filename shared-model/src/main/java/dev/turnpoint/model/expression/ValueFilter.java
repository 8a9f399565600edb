package dev.turnpoint.model.expression;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A pipe filter of a placeholder, as in {@code [[name | upcase]]} or {@code {{title | default: 'guest'}}}. */
public record ValueFilter(Kind kind, Object argument) {

  /** The filters placeholders understand, named as in Liquid templates. */
  public enum Kind {
    UPCASE(false), DOWNCASE(false), CAPITALIZE(false), STRIP(false), SIZE(false), FIRST(false), LAST(false),
    /** Replaces null, false, "" and empty lists or maps with its argument. */
    DEFAULT(true);

    private final boolean takesArgument;

    Kind(boolean takesArgument) {
      this.takesArgument = takesArgument;
    }

    public boolean takesArgument() {
      return takesArgument;
    }

    /** The name as written after the pipe. */
    public String filterName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The filter called {@code name}, in any case. */
    public static Optional<Kind> named(String name) {
      for (Kind kind : values()) {
        if (kind.filterName().equalsIgnoreCase(name)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  public static ValueFilter of(Kind kind) {
    return new ValueFilter(kind, null);
  }

  Object apply(Object value) {
    return switch (kind) {
      case UPCASE -> value == null ? null : Values.text(value).toUpperCase(Locale.ROOT);
      case DOWNCASE -> value == null ? null : Values.text(value).toLowerCase(Locale.ROOT);
      case CAPITALIZE -> value == null ? null : capitalize(Values.text(value));
      case STRIP -> value == null ? null : Values.text(value).strip();
      case SIZE -> Values.length(value);
      case FIRST -> edge(value, true);
      case LAST -> edge(value, false);
      case DEFAULT -> isBlankForDefault(value) ? argument : value;
    };
  }

  private static String capitalize(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int firstLength = Character.charCount(text.codePointAt(0));
    return text.substring(0, firstLength).toUpperCase(Locale.ROOT)
        + text.substring(firstLength).toLowerCase(Locale.ROOT);
  }

  /** The first or last element of a list, or character of a text; null for anything else or when empty. */
  private static Object edge(Object value, boolean first) {
    List<?> list = Values.asList(value);
    if (list != null) {
      return list.isEmpty() ? null : list.get(first ? 0 : list.size() - 1);
    }
    if (value instanceof String text && !text.isEmpty()) {
      int at = first ? 0 : text.offsetByCodePoints(text.length(), -1);
      return new String(Character.toChars(text.codePointAt(at)));
    }
    return null;
  }

  private static boolean isBlankForDefault(Object value) {
    if (value == null || Boolean.FALSE.equals(value) || "".equals(value)) {
      return true;
    }
    List<?> list = Values.asList(value);
    Map<?, ?> map = Values.asMap(value);
    return (list != null && list.isEmpty()) || (map != null && map.isEmpty());
  }

  /** The filter as written in a placeholder, e.g. {@code default: 'guest'}. */
  @Override
  public String toString() {
    if (!kind.takesArgument()) {
      return kind.filterName();
    }
    return kind.filterName() + ": " + literal(argument);
  }

  private static String literal(Object value) {
    if (value instanceof String text) {
      return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    return value == null ? "null" : Values.text(value);
  }
}
