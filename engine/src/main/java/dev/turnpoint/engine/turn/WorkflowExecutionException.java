package dev.turnpoint.engine.turn;

/**
 * A turn that cannot go on because of the workflow or what it met at run time (an unsupported node type, a broken
 * condition, a simulated failure). The message is shown to the user in the {@code workflow_error} event, so it names
 * the node and says what is wrong.
 */
public class WorkflowExecutionException extends RuntimeException {
  public WorkflowExecutionException(String message) {
    super(message);
  }

  public WorkflowExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
