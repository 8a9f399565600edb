package dev.turnpoint.model.expression;

/**
 * Placeholder substitution in prompts, messages, URLs, headers and bodies: {@code {{name}}} for dynamic variables,
 * {@code [[name]]} for runtime variables, with dotted paths and pipe filters ({@code [[name | upcase]]}).
 */
public final class Templates {

  private Templates() {
  }

  /** The text with every placeholder replaced; a missing variable becomes the empty string. */
  public static String render(String text, VariableLookup variables) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
