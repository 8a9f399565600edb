package dev.turnpoint.console.checkpoints;

/** Something the preview noticed; a {@code blocking} one makes the fork fail as it stands. */
public record PreviewWarning(String message, boolean blocking) {
}
