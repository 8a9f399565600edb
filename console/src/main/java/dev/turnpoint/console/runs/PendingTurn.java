package dev.turnpoint.console.runs;

/** The model of {@code runs/pending.jte}: the message just sent, shown until its turn arrives on the live stream. */
public record PendingTurn(String message, Composer composer) {
}
