package dev.turnpoint.api.http;

/** Where the API lives: every route is under {@link #BASE}, as on the Interactly gateway. */
public final class ApiPaths {
  public static final String BASE = "/workflows/v1";

  private ApiPaths() {
  }
}
