package dev.turnpoint.console.checkpoints;

import java.util.List;

/** An input a replay would send: the source turn (1-based) it comes from, its command and its user messages. */
public record PreviewReplay(int turnNumber, String command, List<String> userMessages) {
}
