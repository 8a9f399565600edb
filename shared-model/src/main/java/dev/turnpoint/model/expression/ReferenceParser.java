package dev.turnpoint.model.expression;

import dev.turnpoint.model.expression.VariableReference.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one placeholder, {@code [[ path | filter | filter: 'argument' ]]} or the same in {@code {{ }}}, for both
 * conditions and templates. Whitespace may appear between any of its parts; paths are dotted ({@code a.b.0}) or
 * indexed ({@code a.b[0]}) names made of letters, digits, {@code _} and {@code -}, starting with a letter or
 * {@code _}.
 */
final class ReferenceParser {

  private ReferenceParser() {
  }

  static boolean atReference(SourceCursor in) {
    return in.lookingAt(Scope.RUNTIME.open()) || in.lookingAt(Scope.DYNAMIC.open());
  }

  /** Reads the placeholder that starts at the cursor and leaves the cursor just after it. */
  static VariableReference read(SourceCursor in) {
    int open = in.position;
    Scope scope = in.lookingAt(Scope.RUNTIME.open()) ? Scope.RUNTIME : Scope.DYNAMIC;
    in.position += scope.open().length();
    String path = readPath(in, open);
    List<ValueFilter> filters = new ArrayList<>();
    while (true) {
      in.skipWhitespace();
      if (in.lookingAt(scope.close())) {
        in.position += scope.close().length();
        return new VariableReference(scope, path, filters);
      }
      if (in.atEnd()) {
        throw new ExpressionSyntaxException("unterminated variable reference", open);
      }
      if (in.peek() != '|') {
        throw new ExpressionSyntaxException("expected '|' or '" + scope.close() + "'", in.position);
      }
      in.position++;
      filters.add(readFilter(in));
    }
  }

  private static String readPath(SourceCursor in, int open) {
    in.skipWhitespace();
    if (!in.atEnd() && !SourceCursor.isWordStart(in.peek())) {
      // Names start with a letter or '_', so nested JSON arrays such as [[0, 1]] or [[2]] in a body are no placeholder.
      throw new ExpressionSyntaxException("expected a variable name", in.position);
    }
    StringBuilder path = new StringBuilder(readSegment(in, open));
    while (true) {
      int beforeWhitespace = in.position;
      in.skipWhitespace();
      if (in.peek() == '.') {
        in.position++;
        in.skipWhitespace();
        path.append('.').append(readSegment(in, open));
      } else if (in.peek() == '[' && in.peek(1) != '[') {
        path.append('.').append(readIndex(in, open));
      } else {
        in.position = beforeWhitespace;
        return path.toString();
      }
    }
  }

  private static String readSegment(SourceCursor in, int open) {
    int start = in.position;
    while (isPathPart(in.peek())) {
      in.position++;
    }
    if (in.position == start) {
      throw in.atEnd()
          ? new ExpressionSyntaxException("unterminated variable reference", open)
          : new ExpressionSyntaxException("expected a variable name", start);
    }
    return in.source.substring(start, in.position);
  }

  private static boolean isPathPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private static String readIndex(SourceCursor in, int open) {
    in.position++;
    in.skipWhitespace();
    int start = in.position;
    if (in.peek() == '-') {
      in.position++;
    }
    while (SourceCursor.isDigit(in.peek())) {
      in.position++;
    }
    String index = in.source.substring(start, in.position);
    if (index.isEmpty() || index.equals("-")) {
      throw in.atEnd()
          ? new ExpressionSyntaxException("unterminated variable reference", open)
          : new ExpressionSyntaxException("expected a list index", start);
    }
    in.skipWhitespace();
    if (in.peek() != ']') {
      throw new ExpressionSyntaxException("expected ']'", in.position);
    }
    in.position++;
    return index;
  }

  private static ValueFilter readFilter(SourceCursor in) {
    in.skipWhitespace();
    int nameStart = in.position;
    String name = in.readWord();
    if (name.isEmpty()) {
      throw new ExpressionSyntaxException("expected a filter name", nameStart);
    }
    ValueFilter.Kind kind = ValueFilter.Kind.named(name)
        .orElseThrow(() -> new ExpressionSyntaxException("unknown filter '" + name + "'", nameStart));
    in.skipWhitespace();
    if (in.peek() == ':') {
      if (!kind.takesArgument()) {
        throw new ExpressionSyntaxException("filter '" + kind.filterName() + "' takes no argument", in.position);
      }
      in.position++;
      in.skipWhitespace();
      return new ValueFilter(kind, readLiteral(in));
    }
    if (kind.takesArgument()) {
      throw new ExpressionSyntaxException(
          "filter '" + kind.filterName() + "' needs an argument, as in " + kind.filterName() + ": 'text'", nameStart);
    }
    return ValueFilter.of(kind);
  }

  private static Object readLiteral(SourceCursor in) {
    if (in.atQuote()) {
      return in.readString();
    }
    if (in.atNumber()) {
      return in.readNumber();
    }
    int start = in.position;
    String word = in.readWord().toLowerCase(Locale.ROOT);
    switch (word) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null", "none":
        return null;
      default:
        throw new ExpressionSyntaxException("expected a quoted text, number, true, false or null", start);
    }
  }
}
