package dev.turnpoint.model.expression;

/**
 * Where expressions and templates find variables: {@code [[name]]} reads runtime variables, {@code {{name}}} dynamic
 * ones. A path may be dotted ({@code assessment.urgency_level}) or indexed ({@code items.0}); a missing variable is
 * null.
 */
public interface VariableLookup {
  Object runtime(String path);

  Object dynamic(String path);
}
