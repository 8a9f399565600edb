package dev.turnpoint.console.runs;

/** A comment as shown; {@code deleteAction} is null when the viewer may not delete it. */
public record CommentView(String logicalId, String content, String author, String createdAt, String deleteAction) {
}
