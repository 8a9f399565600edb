package dev.turnpoint.model.expression;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Placeholder substitution in prompts, messages, URLs, headers and bodies: {@code {{name}}} for dynamic variables,
 * {@code [[name]]} for runtime variables, with dotted paths and pipe filters ({@code [[name | upcase]]}), exactly as
 * in conditions (see {@link VariableReference}).
 *
 * <p>Text that is not a well-formed placeholder, such as a lone {@code [[}, JSON like {@code [[1, 2]]} or an unknown
 * filter, is left as written: rendering never fails on the text itself. Its output is bounded: it stops with a
 * {@link RenderLimitException} as soon as the output would pass its {@link RenderBudget} (by default
 * {@link #DEFAULT_MAX_RENDERED_CHARS}), before the text past the bound is built.
 */
public final class Templates {

  /** The longest text {@link #render(String, VariableLookup)} produces: 1 MiB of characters. */
  public static final long DEFAULT_MAX_RENDERED_CHARS = 1L << 20;

  private Templates() {
  }

  /**
   * The text with every placeholder replaced by its value, at most {@link #DEFAULT_MAX_RENDERED_CHARS} long (see
   * {@link #render(String, VariableLookup, RenderBudget)}).
   */
  public static String render(String text, VariableLookup variables) {
    return render(text, variables, new RenderBudget(DEFAULT_MAX_RENDERED_CHARS));
  }

  /**
   * The text with every placeholder replaced by its value: strings as they are, integral numbers without {@code .0},
   * booleans in lower case, lists and maps as compact JSON, and a missing variable as the empty string. A null text
   * stays null. Every piece of the output is taken from {@code budget} before it is appended.
   *
   * @throws RenderLimitException as soon as the output would pass what is left of {@code budget}
   */
  public static String render(String text, VariableLookup variables, RenderBudget budget) {
    if (text == null) {
      return null;
    }
    if (!mayHoldPlaceholder(text)) {
      budget.spend(text.length());
      return text;
    }
    StringBuilder rendered = new StringBuilder(Math.min(text.length(), 1 << 16));
    int[] copied = {0};
    scan(text, (start, end, reference) -> {
      budget.spend(start - copied[0]);
      rendered.append(text, copied[0], start);
      String value = Values.text(reference.resolve(variables));
      budget.spend(value.length());
      rendered.append(value);
      copied[0] = end;
    });
    budget.spend(text.length() - copied[0]);
    return rendered.append(text, copied[0], text.length()).toString();
  }

  /** The placeholders in a text, each once, in the order they first appear. */
  public static List<VariableReference> placeholders(String text) {
    if (text == null || !mayHoldPlaceholder(text)) {
      return List.of();
    }
    Set<VariableReference> found = new LinkedHashSet<>();
    scan(text, (start, end, reference) -> found.add(reference));
    return List.copyOf(found);
  }

  private static boolean mayHoldPlaceholder(String text) {
    return text.contains("[[") || text.contains("{{");
  }

  private interface PlaceholderVisitor {
    void visit(int start, int end, VariableReference reference);
  }

  /** Visits every well-formed placeholder, left to right, without overlaps. */
  private static void scan(String text, PlaceholderVisitor visitor) {
    SourceCursor in = new SourceCursor(text, 0);
    int at = 0;
    while (at < text.length() - 1) {
      char c = text.charAt(at);
      if ((c == '[' || c == '{') && text.charAt(at + 1) == c) {
        in.position = at;
        try {
          VariableReference reference = ReferenceParser.read(in);
          visitor.visit(at, in.position, reference);
          at = in.position;
          continue;
        } catch (ExpressionSyntaxException notAPlaceholder) {
          // Left as written; a placeholder may still start at the next character, as in "{{{name}}}".
        }
      }
      at++;
    }
  }
}
