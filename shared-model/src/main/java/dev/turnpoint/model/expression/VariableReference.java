package dev.turnpoint.model.expression;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A variable placeholder: {@code [[path]]} (runtime) or {@code {{path}}} (dynamic), with the pipe filters applied to
 * its value in order. Indexed paths are kept dotted: {@code [[items[0].name]]} has the path {@code items.0.name}.
 */
public record VariableReference(Scope scope, String path, List<ValueFilter> filters) {

  public VariableReference {
    filters = List.copyOf(filters);
  }

  /** Where a placeholder's value comes from. */
  public enum Scope {
    /** {@code [[name]]}: variables written during the run, such as tool results. */
    RUNTIME("[[", "]]"),
    /** {@code {{name}}}: variables given when the run starts, plus the built-ins. */
    DYNAMIC("{{", "}}");

    private final String open;
    private final String close;

    Scope(String open, String close) {
      this.open = open;
      this.close = close;
    }

    public String open() {
      return open;
    }

    public String close() {
      return close;
    }
  }

  /** The variable's value with the filters applied; null when the variable is missing. */
  public Object resolve(VariableLookup variables) {
    Object value = Values.normalize(scope == Scope.RUNTIME ? variables.runtime(path) : variables.dynamic(path));
    for (ValueFilter filter : filters) {
      value = Values.normalize(filter.apply(value));
    }
    return value;
  }

  /** The placeholder in its canonical spelling, e.g. {@code [[assessment.urgency_level | upcase]]}. */
  public String placeholder() {
    String piped = filters.stream().map(f -> " | " + f).collect(Collectors.joining());
    return scope.open() + path + piped + scope.close();
  }

  @Override
  public String toString() {
    return placeholder();
  }
}
