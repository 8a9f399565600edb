package dev.turnpoint.console.signin;

/**
 * The model of {@code signin/signIn.jte}.
 *
 * @param returnTo the console page to go back to after signing in, or null
 * @param error    why the last attempt failed, or null
 * @param notice   why the viewer is here (signed out, session expired), or null
 */
public record SignInPage(String csrfToken, String returnTo, String error, String notice) {
}
