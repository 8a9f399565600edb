package dev.turnpoint.console.web;

/** A failure the console explains to the user as it is, with the HTTP status it answers with. */
public class ConsoleException extends RuntimeException {

  private final int status;

  public ConsoleException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Malformed input: a parameter that is not what the page accepts. */
  public static ConsoleException badRequest(String message) {
    return new ConsoleException(400, message);
  }

  public static ConsoleException notFound(String message) {
    return new ConsoleException(404, message);
  }
}
