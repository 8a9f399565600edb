package dev.turnpoint.engine.turn;

import dev.turnpoint.model.expression.JsonVariables;
import dev.turnpoint.model.expression.VariableLookup;

/**
 * The variables a thread sees. {@code [[name]]} reads the run's workflow-wide runtime variables;
 * {@code [[thread_<id>.name]]} reads what thread {@code <id>} wrote itself ({@code thread_0} is the conversation).
 * {@code {{name}}} reads the dynamic variables, then the {@link BuiltinVariables}; {@code {{global.<name>}}} (team
 * global variables, not stored yet) is always the empty string, whatever the dynamic variables hold, so a run's input
 * can never pose as one. Paths may be dotted or indexed; a missing variable is null.
 */
final class RunVariables implements VariableLookup {

  private static final String THREAD_PREFIX = "thread_";
  private static final String GLOBAL = "global";

  private final RunCheckpoint state;
  private final String workflowRunId;

  RunVariables(RunCheckpoint state, String workflowRunId) {
    this.state = state;
    this.workflowRunId = workflowRunId;
  }

  @Override
  public Object runtime(String path) {
    if (path != null && path.startsWith(THREAD_PREFIX)) {
      int dot = path.indexOf('.');
      String threadId = dot < 0 ? null : path.substring(THREAD_PREFIX.length(), dot);
      ThreadState thread = threadId == null ? null : state.threads.get(threadId);
      if (thread != null) {
        return JsonVariables.resolve(thread.runtimeVariables, path.substring(dot + 1));
      }
    }
    return JsonVariables.resolve(state.runtimeVariables, path);
  }

  @Override
  public Object dynamic(String path) {
    if (path != null && isGlobal(path.strip())) {
      return "";
    }
    Object value = JsonVariables.resolve(state.dynamicVariables, path);
    if (value != null || path == null) {
      return value;
    }
    return BuiltinVariables.value(path.strip(), workflowRunId);
  }

  /** {@code {{global.<name>}}}: the team's global variables, which Turnpoint does not store yet, so empty. */
  private static boolean isGlobal(String path) {
    return path.equals(GLOBAL) || path.startsWith(GLOBAL + ".");
  }
}
