package dev.turnpoint.console.web;

/** The model of {@code layout/error.jte}: what went wrong, in words for the viewer. */
public record ErrorPage(int status, String heading, String message, boolean signedIn) {
}
