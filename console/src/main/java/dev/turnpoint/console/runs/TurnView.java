package dev.turnpoint.console.runs;

import java.util.List;

/**
 * The model of {@code runs/turn.jte}: one turn of the timeline.
 *
 * @param runId            the run the turn belongs to
 * @param index            0-based turn index (shown 1-based)
 * @param inherited        the turn was inherited from the source run of a fork
 * @param command          the input's command ({@code start}, {@code data}, ...)
 * @param userMessages     what the user sent on the main thread
 * @param assistantMessages what the workflow said, in order
 * @param events           every event of the turn, in order
 * @param nodePath         names of the nodes the turn ran through, in order
 * @param variableChanges  runtime variables the turn changed itself, when the run's stored state shows them
 * @param variablesKnown   the states before and after the turn were read, so {@code variableChanges} is complete
 * @param tokens           LLM tokens the turn used, or null when its events do not say
 * @param llmLatency       time the turn's LLM calls took, or null when its events do not say
 * @param duration         time from the turn's first to its last event, or null
 * @param forksAfter       the forks made after this turn that the run's history passes through, in its order
 */
public record TurnView(String runId, int index, boolean inherited, String command, List<String> userMessages,
                       List<String> assistantMessages, List<EventView> events, List<String> nodePath,
                       List<VariableChange> variableChanges, boolean variablesKnown, Long tokens, String llmLatency,
                       String duration, CommentsBlock comments, List<ForkPoint> forksAfter) {

  public int number() {
    return index + 1;
  }

  public String domId() {
    return "turn-" + index;
  }

  public TurnVariables variables() {
    return new TurnVariables(runId, index, variablesKnown, variableChanges, false);
  }

  public TurnActions actions() {
    return new TurnActions(runId, index, true);
  }
}
