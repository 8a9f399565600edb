package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * Something a preview noticed.
 *
 * @param code      stable: {@code missing_nodes}, {@code unknown_start_node}, {@code too_many_replay_inputs}
 *                  (these block the fork), {@code unknown_variables}, {@code conversation_ended}
 * @param message   for people
 * @param subjects  the node logical ids or variable names concerned
 * @param blocksFork the fork request would fail (400) because of it
 */
public record CheckpointWarning(String code, String message, List<String> subjects, boolean blocksFork) {

  public static final String MISSING_NODES = "missing_nodes";
  public static final String UNKNOWN_START_NODE = "unknown_start_node";
  public static final String TOO_MANY_REPLAY_INPUTS = "too_many_replay_inputs";
  public static final String UNKNOWN_VARIABLES = "unknown_variables";
  public static final String CONVERSATION_ENDED = "conversation_ended";
}
