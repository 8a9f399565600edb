package dev.turnpoint.model.expression;

import dev.turnpoint.model.expression.Token.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits a condition into tokens; keywords ({@code AND OR NOT true false null none}) are matched in any case. */
final class ExpressionTokenizer {

  private final SourceCursor in;
  private final List<Token> tokens = new ArrayList<>();

  private ExpressionTokenizer(String source) {
    this.in = new SourceCursor(source, 0);
  }

  static List<Token> tokenize(String source) {
    return new ExpressionTokenizer(source).run();
  }

  private List<Token> run() {
    while (true) {
      in.skipWhitespace();
      if (in.atEnd()) {
        tokens.add(new Token(Type.END, "", null, in.position));
        return tokens;
      }
      readToken();
    }
  }

  private void readToken() {
    int start = in.position;
    if (ReferenceParser.atReference(in)) {
      VariableReference reference = ReferenceParser.read(in);
      add(Type.REFERENCE, reference, start);
    } else if (in.atQuote()) {
      String text = in.readString();
      add(Type.STRING, text, start);
    } else if (in.atNumber()) {
      Number number = in.readNumber();
      add(Type.NUMBER, number, start);
    } else if (SourceCursor.isWordStart(in.peek())) {
      readWord(start);
    } else {
      readSymbol(start);
    }
  }

  private void readWord(int start) {
    String word = in.readWord();
    switch (word.toLowerCase(Locale.ROOT)) {
      case "and" -> add(Type.AND, null, start);
      case "or" -> add(Type.OR, null, start);
      case "not" -> add(Type.NOT, null, start);
      case "true" -> add(Type.BOOLEAN, Boolean.TRUE, start);
      case "false" -> add(Type.BOOLEAN, Boolean.FALSE, start);
      case "null", "none" -> add(Type.NULL, null, start);
      default -> add(Type.NAME, word, start);
    }
  }

  private void readSymbol(int start) {
    char c = in.peek();
    char next = in.peek(1);
    switch (c) {
      case '(' -> symbol(Type.LEFT_PAREN, 1);
      case ')' -> symbol(Type.RIGHT_PAREN, 1);
      case ',' -> symbol(Type.COMMA, 1);
      case '<' -> symbol(next == '=' ? Type.LESS_OR_EQUAL : Type.LESS, next == '=' ? 2 : 1);
      case '>' -> symbol(next == '=' ? Type.GREATER_OR_EQUAL : Type.GREATER, next == '=' ? 2 : 1);
      case '!' -> symbol(next == '=' ? Type.NOT_EQUAL : Type.NOT, next == '=' ? 2 : 1);
      case '=' -> {
        if (next != '=') {
          throw new ExpressionSyntaxException("unexpected '=' (use '==' to compare)", start);
        }
        symbol(Type.EQUAL, 2);
      }
      case '&' -> doubled('&', Type.AND, start);
      case '|' -> doubled('|', Type.OR, start);
      default -> throw new ExpressionSyntaxException("unexpected '" + c + "'", start);
    }
  }

  private void doubled(char c, Type type, int start) {
    if (in.peek(1) != c) {
      throw new ExpressionSyntaxException("unexpected '" + c + "' (use '" + c + c + "')", start);
    }
    symbol(type, 2);
  }

  private void symbol(Type type, int length) {
    int start = in.position;
    in.position += length;
    tokens.add(new Token(type, in.source.substring(start, in.position), null, start));
  }

  private void add(Type type, Object value, int start) {
    tokens.add(new Token(type, in.source.substring(start, in.position), value, start));
  }
}
