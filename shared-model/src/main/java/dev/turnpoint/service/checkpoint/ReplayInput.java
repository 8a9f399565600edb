package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * One input a replay sends: the source turn it comes from (which is also the index the new run's turn gets), its
 * command and the user messages it carries to the conversation.
 */
public record ReplayInput(int sourceTurnIndex, String command, List<String> userMessages) {
}
