package dev.turnpoint.console.web;

import gg.jte.Content;

/**
 * The model of {@code layout/page.jte}: the document around a page's content.
 *
 * @param viewer    who is signed in, or null on the sign-in page
 * @param csrfToken the session's token, sent by htmx with every request and by every form
 * @param body      the page's own fragment, already rendered (and escaped) by its template
 */
public record PageFrame(String title, Section section, Viewer viewer, String csrfToken, Content body) {

  /** The {@code hx-headers} value that makes htmx send the token with every request it makes. */
  public String htmxHeaders() {
    return "{\"" + CsrfGuard.HEADER + "\": \"" + csrfToken + "\"}";
  }
}
