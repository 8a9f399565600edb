package dev.turnpoint.console.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The console's own origin ({@code scheme://host[:port]}) and whether a request says it was sent from it. A browser
 * names the page a request comes from in {@code Origin} (and, when it leaves that out, in {@code Referer}); a forged
 * cross-site request names the forging site. The console's origin is the one the request itself was addressed to —
 * its scheme and its {@code Host} (the forwarded ones when the router trusts them) — or the configured public origin,
 * for a console behind a proxy that rewrites those.
 */
public final class SiteOrigin {

  private final String publicOrigin;

  /** {@code publicOrigin} may be null: then only the origin each request was addressed to is the console's. */
  public SiteOrigin(String publicOrigin) {
    this.publicOrigin = publicOrigin == null ? null : parse(publicOrigin);
  }

  /**
   * {@code origin} in the form browsers send it: lower-case scheme and host, the port only when it is not the
   * scheme's default. Fails unless it is an http or https origin without path (but "/"), query or user.
   */
  public static String parse(String origin) {
    String normalized = normalize(origin);
    URI uri = normalized == null ? null : URI.create(origin.strip());
    if (uri == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException("console public_origin must look like https://console.example.com, not "
          + origin);
    }
    return normalized;
  }

  /**
   * Whether the request came from the console's own pages: its {@code Origin}, or without one its {@code Referer},
   * names the console. A request with neither says nothing about where it came from (browsers always send one on
   * a cross-site form or fetch), so it passes, and the synchronizer token alone decides.
   */
  public boolean sentFromConsole(HttpServerRequest request) {
    String claimed = request.getHeader(HttpHeaders.ORIGIN);
    if (claimed == null) {
      claimed = request.getHeader(HttpHeaders.REFERER);
      if (claimed == null) {
        return true;
      }
    }
    String origin = normalize(claimed);
    return origin != null && (origin.equals(publicOrigin) || origin.equals(addressedTo(request)));
  }

  private static String addressedTo(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority == null || authority.host() == null || authority.host().isEmpty()) {
      return null;
    }
    return origin(request.scheme(), authority.host(), authority.port());
  }

  /** The origin part of an origin or URL, or null when it has none (such as {@code Origin: null}). */
  private static String normalize(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      return origin(uri.getScheme(), uri.getHost(), uri.getPort());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String origin(String scheme, String host, int port) {
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
      return null;
    }
    String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String lowerHost = bareHost.toLowerCase(Locale.ROOT);
    if (lowerHost.contains(":")) {
      lowerHost = "[" + lowerHost + "]";
    }
    boolean defaultPort = port < 0 || (lowerScheme.equals("http") && port == 80)
        || (lowerScheme.equals("https") && port == 443);
    return lowerScheme + "://" + lowerHost + (defaultPort ? "" : ":" + port);
  }
}
