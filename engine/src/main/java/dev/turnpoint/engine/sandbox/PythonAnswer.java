package dev.turnpoint.engine.sandbox;

/**
 * What one sandboxed call answered: the function's JSON result ({@code null}, a boolean, a number, a string, a
 * {@code JsonObject} or a {@code JsonArray}), or, when it did not return one, why not.
 *
 * @param value the result; null when the call failed
 * @param error null when the function returned; else a sentence for the tool's {@code error_message}
 */
public record PythonAnswer(Object value, String error) {

  static PythonAnswer failed(String error) {
    return new PythonAnswer(null, error);
  }
}
