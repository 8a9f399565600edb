package dev.turnpoint.model.expression;

import java.math.BigDecimal;

/**
 * A read position in a condition or template text, with the scanning that conditions and placeholders share: quoted
 * strings, numbers and words. Problems are reported as {@link ExpressionSyntaxException}s at absolute positions.
 */
final class SourceCursor {

  final String source;
  int position;

  SourceCursor(String source, int position) {
    this.source = source;
    this.position = position;
  }

  boolean atEnd() {
    return position >= source.length();
  }

  /** The character {@code ahead} places on, or 0 past the end. */
  char peek(int ahead) {
    int at = position + ahead;
    return at < source.length() ? source.charAt(at) : 0;
  }

  char peek() {
    return peek(0);
  }

  boolean lookingAt(String text) {
    return source.startsWith(text, position);
  }

  void skipWhitespace() {
    while (!atEnd() && Character.isWhitespace(source.charAt(position))) {
      position++;
    }
  }

  static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** A word (letters, digits, underscores) starting here; empty when none starts here. */
  String readWord() {
    int start = position;
    if (!atEnd() && isWordStart(peek())) {
      while (!atEnd() && isWordPart(peek())) {
        position++;
      }
    }
    return source.substring(start, position);
  }

  boolean atQuote() {
    return peek() == '\'' || peek() == '"';
  }

  /**
   * A single- or double-quoted string starting here. Backslash escapes {@code \n \t \r \b \f \\ \' \" \/ \u00e9}
   * are understood; any other backslash is kept as written, so regular expressions such as {@code '\d+'} read
   * naturally.
   */
  String readString() {
    int start = position;
    char quote = source.charAt(position++);
    StringBuilder text = new StringBuilder();
    while (!atEnd()) {
      char c = source.charAt(position++);
      if (c == quote) {
        return text.toString();
      }
      if (c != '\\') {
        text.append(c);
      } else if (atEnd()) {
        break;
      } else {
        readEscape(text);
      }
    }
    throw new ExpressionSyntaxException("unterminated string", start);
  }

  private void readEscape(StringBuilder text) {
    char c = source.charAt(position++);
    switch (c) {
      case 'n' -> text.append('\n');
      case 't' -> text.append('\t');
      case 'r' -> text.append('\r');
      case 'b' -> text.append('\b');
      case 'f' -> text.append('\f');
      case '\\', '\'', '"', '/' -> text.append(c);
      case 'u' -> readUnicodeEscape(text);
      default -> text.append('\\').append(c);
    }
  }

  private void readUnicodeEscape(StringBuilder text) {
    if (position + 4 <= source.length()) {
      String hex = source.substring(position, position + 4);
      if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
        text.append((char) Integer.parseInt(hex, 16));
        position += 4;
        return;
      }
    }
    text.append("\\u");
  }

  boolean atNumber() {
    char c = peek();
    return isDigit(c) || (c == '-' && isDigit(peek(1)));
  }

  /** An integer or decimal, optionally negative: Long when it fits, else BigDecimal; decimals are Double. */
  Number readNumber() {
    int start = position;
    if (peek() == '-') {
      position++;
    }
    skipDigits();
    boolean decimal = false;
    if (peek() == '.' && isDigit(peek(1))) {
      decimal = true;
      position++;
      skipDigits();
    }
    if (isWordPart(peek()) || peek() == '.') {
      throw new ExpressionSyntaxException("invalid number", start);
    }
    String text = source.substring(start, position);
    if (decimal) {
      return Double.parseDouble(text);
    }
    BigDecimal value = new BigDecimal(text);
    return value.precision() < 19 ? (Number) value.longValue() : value;
  }

  private void skipDigits() {
    while (isDigit(peek())) {
      position++;
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
