package dev.turnpoint.model.expression;

import dev.turnpoint.model.expression.Token.Type;

import java.util.Locale;

/**
 * Reads a condition one token at a time, as the parser asks, so the first error in reading order is the one reported.
 * Keywords ({@code AND OR NOT true false null none}) are matched in any case.
 */
final class ExpressionTokenizer {

  private final SourceCursor in;

  ExpressionTokenizer(String source) {
    this.in = new SourceCursor(source, 0);
  }

  /** The next token; {@link Type#END} once the text is used up. */
  Token next() {
    in.skipWhitespace();
    int start = in.position;
    if (in.atEnd()) {
      return new Token(Type.END, "", null, start);
    }
    if (ReferenceParser.atReference(in)) {
      VariableReference reference = ReferenceParser.read(in);
      return token(Type.REFERENCE, reference, start);
    }
    if (in.atQuote()) {
      String text = in.readString();
      return token(Type.STRING, text, start);
    }
    if (in.atNumber()) {
      Number number = in.readNumber();
      return token(Type.NUMBER, number, start);
    }
    if (SourceCursor.isWordStart(in.peek())) {
      return word(start);
    }
    return symbol(start);
  }

  private Token word(int start) {
    String word = in.readWord();
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "and" -> token(Type.AND, null, start);
      case "or" -> token(Type.OR, null, start);
      case "not" -> token(Type.NOT, null, start);
      case "true" -> token(Type.BOOLEAN, Boolean.TRUE, start);
      case "false" -> token(Type.BOOLEAN, Boolean.FALSE, start);
      case "null", "none" -> token(Type.NULL, null, start);
      default -> token(Type.NAME, word, start);
    };
  }

  private Token symbol(int start) {
    char c = in.peek();
    boolean equalsFollows = in.peek(1) == '=';
    return switch (c) {
      case '(' -> symbol(Type.LEFT_PAREN, 1);
      case ')' -> symbol(Type.RIGHT_PAREN, 1);
      case ',' -> symbol(Type.COMMA, 1);
      case '<' -> equalsFollows ? symbol(Type.LESS_OR_EQUAL, 2) : symbol(Type.LESS, 1);
      case '>' -> equalsFollows ? symbol(Type.GREATER_OR_EQUAL, 2) : symbol(Type.GREATER, 1);
      case '!' -> equalsFollows ? symbol(Type.NOT_EQUAL, 2) : symbol(Type.NOT, 1);
      case '=' -> {
        if (!equalsFollows) {
          throw new ExpressionSyntaxException("unexpected '=' (use '==' to compare)", start);
        }
        yield symbol(Type.EQUAL, 2);
      }
      case '&', '|' -> {
        if (in.peek(1) != c) {
          throw new ExpressionSyntaxException("unexpected '" + c + "' (use '" + c + c + "')", start);
        }
        yield symbol(c == '&' ? Type.AND : Type.OR, 2);
      }
      default -> throw new ExpressionSyntaxException("unexpected '" + c + "'", start);
    };
  }

  private Token symbol(Type type, int length) {
    int start = in.position;
    in.position += length;
    return token(type, null, start);
  }

  private Token token(Type type, Object value, int start) {
    return new Token(type, in.source.substring(start, in.position), value, start);
  }
}
