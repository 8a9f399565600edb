package dev.turnpoint.engine.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends the engine's outbound HTTP requests so that they reach only what the {@link OutboundPolicy} permits, however
 * the host's DNS answers change: the client resolves the host itself ({@link HostResolver}, off the event loop),
 * checks every address it gets, then connects to the first of them, with the URL's host in the {@code Host} header
 * and as the TLS server name (SNI and the certificate check), so no second lookup can lead elsewhere.
 *
 * <p>It follows redirects itself, checking each hop the same way, at most {@link OutboundPolicy#maxRedirects()} of
 * them (the next redirect is the answer), with the rules of Vert.x's own client: 301, 302, 307 and 308 are followed
 * by GET and HEAD requests only, 303 turns any other request into a GET. A redirect is sent with the request's
 * headers but without its query parameters or body, and once it leads to another origin (scheme, host or port) without
 * the credentials among them ({@code Authorization}, {@code Cookie}, {@code Proxy-Authorization} and the LLM
 * providers' key headers {@code api-key}, {@code x-api-key}, {@code x-goog-api-key}, {@code X-Amz-Security-Token}),
 * which were meant
 * for the first origin only; later hops never get them back.
 *
 * <p>{@link #sendTrusted} is for a destination the server's own configuration names (the operator's LLM base URL): its
 * origin is called unchecked, Vert.x resolving the host. Its redirects are followed by the same rules, and a redirect
 * that stays on that origin is trusted as well; one to another origin is checked like any other hop and loses the
 * credentials, so the operator's trust in one address never carries a request, or its API key, to another.
 */
public final class OutboundClient {

  private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
  private static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Cookie", "Proxy-Authorization",
      "api-key", "x-api-key", "x-goog-api-key", "X-Amz-Security-Token");

  private static final String ANSWER_CONNECTION = OutboundClient.class.getName() + ".connection";
  private static final Handler<HttpContext<?>> CLOSE_REFUSED_ANSWERS = OutboundClient::closeRefusedAnswer;

  private final WebClient client;
  private final OutboundPolicy policy;
  private final HostResolver resolver;

  public OutboundClient(Vertx vertx, WebClient client, OutboundPolicy policy) {
    this(client, policy, HostResolver.system(vertx));
  }

  public OutboundClient(WebClient client, OutboundPolicy policy, HostResolver resolver) {
    this.client = closingRefusedAnswers(client);
    this.policy = policy;
    this.resolver = resolver;
  }

  /**
   * Sends {@code method url} where the policy permits: {@code prepare} sets the headers and timeout of every hop's
   * request, {@code sendFirst} sends the first one with its query and body. Fails with
   * {@link OutboundRefusedException} when the policy refuses a hop, with {@link IllegalArgumentException} when a URL
   * is not an absolute http(s) one.
   */
  public Future<HttpResponse<Buffer>> send(HttpMethod method, String url, Consumer<HttpRequest<Buffer>> prepare,
                                           Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> sendFirst) {
    return start(method, url, false, prepare, sendFirst);
  }

  /**
   * Sends {@code method url} unchecked, for a destination the server's own configuration names; a redirect is
   * checked once it leaves that origin (see the class comment). Fails as {@link #send} does on a refused redirect.
   */
  public Future<HttpResponse<Buffer>> sendTrusted(HttpMethod method, String url,
                                                  Consumer<HttpRequest<Buffer>> prepare,
                                                  Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send) {
    return start(method, url, true, prepare, send);
  }

  private Future<HttpResponse<Buffer>> start(HttpMethod method, String url, boolean trusted,
                                             Consumer<HttpRequest<Buffer>> prepare,
                                             Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> sendFirst) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Future.failedFuture(new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getReason()));
    }
    return hop(new Hop(method, uri, url, 0, trusted ? uri : null), prepare, sendFirst);
  }

  /**
   * Makes {@code client} close the connection of an answer {@link BoundedBody} refused: the web client would
   * otherwise read the rest of it and throw it away, however long it is. The connection is taken from the response
   * when it arrives (through the client's interceptor chain, how the web client's own extensions hook in) and closed
   * when the request fails for that reason; every other request passes untouched.
   */
  private static WebClient closingRefusedAnswers(WebClient client) {
    if (client instanceof WebClientInternal internal) {
      try {
        internal.addInterceptor(CLOSE_REFUSED_ANSWERS);
      } catch (IllegalStateException alreadyThere) {
        // Another OutboundClient on the same web client added it: the client takes one of each kind.
      }
    }
    return client;
  }

  private static void closeRefusedAnswer(HttpContext<?> context) {
    if (context.phase() == ClientPhase.RECEIVE_RESPONSE && context.clientResponse() != null) {
      context.set(ANSWER_CONNECTION, context.clientResponse().request().connection());
    } else if (context.phase() == ClientPhase.FAILURE && context.failure() instanceof ResponseTooLargeException) {
      HttpConnection connection = context.get(ANSWER_CONNECTION);
      if (connection != null) {
        connection.close();
      }
    }
    context.next();
  }

  /**
   * One request of a chain of redirects: what it asks, how many redirects led to it, and the origin the server's
   * configuration trusts (null: none).
   */
  private record Hop(HttpMethod method, URI uri, String url, int redirects, URI trustedOrigin) {

    /** The configured URL itself, sent as it is, or a redirect back to its origin. */
    boolean trusted() {
      return trustedOrigin != null && (redirects == 0 || sameOrigin(trustedOrigin, uri));
    }
  }

  private Future<HttpResponse<Buffer>> hop(Hop hop, Consumer<HttpRequest<Buffer>> prepare,
                                           Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send) {
    URI uri = hop.uri();
    String url = hop.url();
    int redirects = hop.redirects();
    if (hop.trusted()) {
      HttpRequest<Buffer> request = client.requestAbs(hop.method(), url).followRedirects(false)
          .as(new BoundedBody(policy.maxResponseBytes()));
      prepare.accept(request);
      return send.apply(request).compose(response -> follow(hop, response, prepare));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return Future.failedFuture(new IllegalArgumentException((redirects == 0 ? "'" : "the redirect to '") + url
          + "' is not an absolute http(s) URL"));
    }
    String host = uri.getHost();
    int port = port(uri);
    return resolver.resolve(OutboundAllowList.normalHost(host)).compose(addresses -> {
      String refusal = refusal(host, addresses, port);
      if (refusal != null) {
        return Future.failedFuture(new OutboundRefusedException(
            (redirects == 0 ? "refused: " : "refused the redirect to " + url + ": ") + refusal));
      }
      SocketAddress checked = SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress());
      HttpRequest<Buffer> request = client.requestAbs(hop.method(), checked, url).followRedirects(false)
          .as(new BoundedBody(policy.maxResponseBytes()));
      prepare.accept(request);
      return send.apply(request);
    }).compose(response -> follow(hop, response, prepare));
  }

  private String refusal(String host, List<InetAddress> addresses, int port) {
    if (addresses.isEmpty()) {
      return host + " has no address";
    }
    for (InetAddress address : addresses) {
      String refusal = policy.refusal(host, address, port);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  private Future<HttpResponse<Buffer>> follow(Hop hop, HttpResponse<Buffer> response,
                                              Consumer<HttpRequest<Buffer>> prepare) {
    HttpMethod method = hop.method();
    URI from = hop.uri();
    int redirects = hop.redirects();
    String location = response.getHeader("Location");
    int status = response.statusCode();
    boolean redirect = location != null && REDIRECT_STATUSES.contains(status)
        && (status == 303 || method == HttpMethod.GET || method == HttpMethod.HEAD);
    if (!redirect || redirects >= policy.maxRedirects()) {
      return Future.succeededFuture(response);
    }
    URI next;
    try {
      // URI.resolve joins a relative reference to a base without a path badly ("http://a" + "b" = "http://ab").
      URI base = from.getRawPath() == null || from.getRawPath().isEmpty() ? from.resolve("/") : from;
      next = base.resolve(new URI(location));
    } catch (URISyntaxException e) {
      return Future.failedFuture(new IllegalArgumentException("the redirect to '" + location
          + "' is not a valid URL: " + e.getReason()));
    }
    HttpMethod nextMethod = status == 303 && method != HttpMethod.HEAD ? HttpMethod.GET : method;
    Consumer<HttpRequest<Buffer>> nextPrepare = sameOrigin(from, next) ? prepare
        : prepare.andThen(request -> CREDENTIAL_HEADERS.forEach(request.headers()::remove));
    return hop(new Hop(nextMethod, next, next.toString(), redirects + 1, hop.trustedOrigin()), nextPrepare,
        HttpRequest::send);
  }

  /** Whether two absolute URLs have the same scheme, host and port (a missing port is the scheme's default). */
  private static boolean sameOrigin(URI one, URI other) {
    String scheme = String.valueOf(one.getScheme()).toLowerCase(Locale.ROOT);
    return scheme.equals(String.valueOf(other.getScheme()).toLowerCase(Locale.ROOT))
        && one.getHost() != null && other.getHost() != null
        && OutboundAllowList.normalHost(one.getHost()).equals(OutboundAllowList.normalHost(other.getHost()))
        && port(one) == port(other);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
