package dev.turnpoint.model.expression;

/** One token of a condition: its kind, its text as written, its literal value (if any) and where it starts. */
record Token(Type type, String text, Object value, int position) {

  enum Type {
    LEFT_PAREN, RIGHT_PAREN, COMMA, AND, OR, NOT, EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL,
    STRING, NUMBER, BOOLEAN, NULL, REFERENCE, NAME, END
  }

  boolean is(Type expected) {
    return type == expected;
  }

  /** How the token reads in an error message. */
  String describe() {
    return type == Type.END ? "end of expression" : "'" + text + "'";
  }
}
