package dev.turnpoint.engine.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbound check against real servers on loopback: refused by default, let through by the allow-list, checked
 * after name resolution and on every redirect, and connected to the checked address under the URL's host name. A
 * trusted destination is called unchecked, but its redirects are checked once they leave its origin.
 */
class OutboundClientTest {

  /** A name that looks public; the tests' resolver makes it point at loopback. */
  private static final String PUBLIC_LOOKING = "api.turnpoint-partner.com";
  private static Vertx vertx;
  private static WebClient webClient;
  private static int first;
  private static int second;
  private static final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void startServers() {
    vertx = Vertx.vertx();
    webClient = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route("/echo").handler(OutboundClientTest::echo);
    router.get("/to-second").handler(ctx -> redirect(ctx, 302, "http://127.0.0.1:" + second + "/echo"));
    router.get("/to-localhost").handler(ctx -> redirect(ctx, 301, "http://localhost:" + second + "/echo"));
    router.get("/to-echo").handler(ctx -> redirect(ctx, 302, "/echo?hop=2"));
    router.get("/to-self-by-name").handler(ctx -> redirect(ctx, 302, "HTTP://127.0.0.1:" + first + "/echo"));
    router.get("/to-second-and-back").handler(ctx -> redirect(ctx, 302,
        "http://127.0.0.1:" + second + "/back?to=" + first));
    router.get("/loop").handler(ctx -> {
      received.add(new JsonObject().put("path", "/loop"));
      redirect(ctx, 302, "/loop");
    });
    router.get("/endless").handler(OutboundClientTest::endless);
    router.post("/see-other").handler(ctx -> redirect(ctx, 303, "/echo"));
    router.post("/temporary").handler(ctx -> redirect(ctx, 307, "/echo"));
    router.post("/see-other-second").handler(ctx -> redirect(ctx, 303, "http://127.0.0.1:" + second + "/echo"));
    first = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    Router secondRouter = Router.router(vertx);
    secondRouter.get("/back").handler(ctx -> redirect(ctx, 302, "http://127.0.0.1:" + first + "/echo"));
    secondRouter.route().handler(OutboundClientTest::echo);
    second = vertx.createHttpServer().requestHandler(secondRouter).listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    received.clear();
  }

  private static void echo(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("port", ctx.request().localAddress().port())
        .put("method", ctx.request().method().name()).put("uri", ctx.request().uri())
        .put("host", ctx.request().getHeader("Host")).put("token", ctx.request().getHeader("X-Token"))
        .put("authorization", ctx.request().getHeader("Authorization"))
        .put("cookie", ctx.request().getHeader("Cookie"))
        .put("proxy_authorization", ctx.request().getHeader("Proxy-Authorization"))
        .put("provider_keys", new JsonArray(Stream.of("api-key", "x-api-key", "x-goog-api-key",
            "X-Amz-Security-Token").map(ctx.request()::getHeader).filter(Objects::nonNull).toList()))
        .put("body", ctx.body() == null ? null : ctx.body().asString())
        .put("server_name", ctx.request().connection().indicatedServerName());
    received.add(request);
    ctx.json(request);
  }

  /** Bytes the endless answer wrote before its connection closed; -1 while it still writes. */
  private static final AtomicLong endlessWritten = new AtomicLong();
  private static final AtomicBoolean endlessClosed = new AtomicBoolean();

  /** Writes 64 KiB chunks for as long as the client reads them, up to 1 GiB. */
  private static void endless(RoutingContext ctx) {
    HttpServerResponse response = ctx.response().setChunked(true);
    response.closeHandler(closed -> endlessClosed.set(true));
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    writeUntilClosed(response, chunk);
  }

  private static void writeUntilClosed(HttpServerResponse response, Buffer chunk) {
    if (endlessClosed.get() || endlessWritten.get() > 1L << 30) {
      return;
    }
    endlessWritten.addAndGet(chunk.length());
    response.write(chunk).onComplete(written -> {
      if (written.succeeded()) {
        writeUntilClosed(response, chunk);
      } else {
        endlessClosed.set(true);
      }
    });
  }

  private static void redirect(RoutingContext ctx, int status, String location) {
    ctx.response().setStatusCode(status).putHeader("Location", location).end();
  }

  private static OutboundClient client(String... allow) {
    return new OutboundClient(webClient, policy(allow), OutboundClientTest::resolve);
  }

  private static OutboundPolicy policy(String... allow) {
    return new OutboundPolicy(OutboundAllowList.parse(List.of(allow)), OutboundPolicy.DEFAULT_MAX_REDIRECTS);
  }

  /** The system resolver, except that the public-looking name points at loopback and "mixed.example" at both. */
  private static Future<List<InetAddress>> resolve(String host) {
    try {
      return switch (host) {
        case PUBLIC_LOOKING -> Future.succeededFuture(List.of(
            InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})));
        case "mixed.example" -> Future.succeededFuture(List.of(
            InetAddress.getByAddress(host, new byte[]{93, (byte) 184, (byte) 216, 34}),
            InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1})));
        default -> HostResolver.system(vertx).resolve(host);
      };
    } catch (UnknownHostException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<HttpResponse<Buffer>> get(OutboundClient client, String url) {
    return client.send(HttpMethod.GET, url, request -> request.putHeader("X-Token", "t-1").timeout(5_000),
        HttpRequest::send);
  }

  @Test
  void anAnswerLargerThanTheBoundFailsTheRequestWithoutBeingReadToItsEnd() {
    OutboundPolicy oneMegabyte = new OutboundPolicy(OutboundAllowList.parse(List.of("127.0.0.1")),
        OutboundPolicy.DEFAULT_MAX_REDIRECTS, 1024 * 1024);
    OutboundClient bounded = new OutboundClient(webClient, oneMegabyte, OutboundClientTest::resolve);

    assertThatThrownBy(() -> get(bounded, "http://127.0.0.1:" + first + "/endless").await())
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("larger than 1048576 bytes (engine setting outbound_max_response_bytes)");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!endlessClosed.get() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(endlessClosed).as("the endless answer's connection closed").isTrue();
    assertThat(endlessWritten.get()).as("bytes the server could write before the client closed")
        .isLessThan(64L * 1024 * 1024);

    String small = "http://127.0.0.1:" + first + "/echo";
    assertThat(get(bounded, small).await().bodyAsJsonObject().getString("uri")).isEqualTo("/echo");
    assertThatThrownBy(() -> new OutboundPolicy(OutboundAllowList.NONE, 5, 0))
        .hasMessageContaining("outbound_max_response_bytes");
  }

  @Test
  void aLoopbackAddressIsRefusedByDefaultAndReachedWhenTheAllowListNamesIt() {
    String url = "http://127.0.0.1:" + first + "/echo";
    assertThatThrownBy(() -> get(client(), url).await()).isInstanceOf(OutboundRefusedException.class)
        .hasMessage("refused: 127.0.0.1 is a loopback address and outbound_allow does not permit it");
    assertThatThrownBy(() -> get(client("127.0.0.1:" + second), url).await())
        .isInstanceOf(OutboundRefusedException.class);
    assertThat(received).isEmpty();

    assertThat(get(client("127.0.0.1:" + first), url).await().statusCode()).isEqualTo(200);
    assertThat(get(client("127.0.0.0/8"), url).await().statusCode()).isEqualTo(200);
    assertThat(received).hasSize(2);
  }

  @Test
  void aNameIsCheckedByTheAddressesItResolvesTo() {
    assertThatThrownBy(() -> get(client(), "http://" + PUBLIC_LOOKING + ":" + first + "/echo").await())
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessage("refused: " + PUBLIC_LOOKING + " resolves to 127.0.0.1, a loopback address, and outbound_allow "
            + "does not permit it");
    assertThatThrownBy(() -> get(new OutboundClient(vertx, webClient, OutboundPolicy.DEFAULT),
        "http://localhost:" + first + "/echo").await())
        .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("localhost resolves to");
    assertThatThrownBy(() -> get(client(), "http://mixed.example:" + first + "/echo").await())
        .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("127.0.0.1, a loopback address");
    assertThat(received).isEmpty();
  }

  @Test
  void theRequestGoesToTheCheckedAddressUnderTheUrlsHostName() {
    // Vert.x itself could not resolve this name: the request reaches the server only through the checked address.
    HttpResponse<Buffer> response = get(client(PUBLIC_LOOKING + ":" + first),
        "http://" + PUBLIC_LOOKING + ":" + first + "/echo?q=1").await();
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject seen = received.poll();
    assertThat(seen.getString("host")).isEqualTo(PUBLIC_LOOKING + ":" + first);
    assertThat(seen.getString("uri")).isEqualTo("/echo?q=1");
    assertThat(seen.getString("token")).isEqualTo("t-1");
  }

  @Test
  void overTlsTheServerNameAndTheCertificateCheckUseTheUrlsHostName() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(PUBLIC_LOOKING);
    Router router = Router.router(vertx);
    router.route().handler(OutboundClientTest::echo);
    HttpServer tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
        .setKeyCertOptions(certificate.keyCertOptions())).requestHandler(router).listen(0, "127.0.0.1").await();
    WebClient verifying = WebClient.create(vertx, new WebClientOptions().setTrustOptions(certificate.trustOptions()));
    try {
      OutboundClient client = new OutboundClient(verifying, policy(PUBLIC_LOOKING + ":" + tls.actualPort()),
          OutboundClientTest::resolve);
      // The first TLS connection sets up the TLS machinery, which takes a while on a busy machine.
      HttpResponse<Buffer> response = client.send(HttpMethod.GET,
          "https://" + PUBLIC_LOOKING + ":" + tls.actualPort() + "/echo", request -> request.timeout(60_000),
          HttpRequest::send).await();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(received.poll().getString("server_name")).isEqualTo(PUBLIC_LOOKING);
    } finally {
      verifying.close();
      tls.close().await();
    }
  }

  @Test
  void everyRedirectIsCheckedLikeTheFirstRequest() {
    OutboundClient client = client("127.0.0.1:" + first);
    assertThatThrownBy(() -> get(client, "http://127.0.0.1:" + first + "/to-second").await())
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessage("refused the redirect to http://127.0.0.1:" + second + "/echo: 127.0.0.1 is a loopback address "
            + "and outbound_allow does not permit it");
    assertThatThrownBy(() -> get(client, "http://127.0.0.1:" + first + "/to-localhost").await())
        .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("localhost resolves to");
    assertThat(received).isEmpty();

    HttpResponse<Buffer> followed = get(client("127.0.0.1:" + first, "127.0.0.1:" + second),
        "http://127.0.0.1:" + first + "/to-second").await();
    assertThat(followed.bodyAsJsonObject().getInteger("port")).isEqualTo(second);
    assertThat(followed.bodyAsJsonObject().getString("token")).isEqualTo("t-1");
    HttpResponse<Buffer> relative = get(client, "http://127.0.0.1:" + first + "/to-echo").await();
    assertThat(relative.bodyAsJsonObject().getString("uri")).isEqualTo("/echo?hop=2");
  }

  @Test
  void aRedirectToAnotherOriginDropsTheCredentialsAndKeepsTheOtherHeaders() {
    OutboundClient client = client("127.0.0.1:" + first, "127.0.0.1:" + second);

    JsonObject crossOrigin = withCredentials(client, "http://127.0.0.1:" + first + "/to-second");
    assertThat(crossOrigin.getInteger("port")).isEqualTo(second);
    assertThat(crossOrigin.getString("token")).isEqualTo("t-1");
    assertThat(crossOrigin.getString("authorization")).isNull();
    assertThat(crossOrigin.getString("cookie")).isNull();
    assertThat(crossOrigin.getString("proxy_authorization")).isNull();

    JsonObject backAgain = withCredentials(client, "http://127.0.0.1:" + first + "/to-second-and-back");
    assertThat(backAgain.getInteger("port")).as("ended where it began").isEqualTo(first);
    assertThat(backAgain.getString("authorization")).as("once dropped, never sent again").isNull();
    assertThat(backAgain.getString("cookie")).isNull();

    for (String sameOrigin : List.of("/to-echo", "/to-self-by-name")) {
      JsonObject kept = withCredentials(client, "http://127.0.0.1:" + first + sameOrigin);
      assertThat(kept.getInteger("port")).isEqualTo(first);
      assertThat(kept.getString("authorization")).as(sameOrigin).isEqualTo("Bearer secret");
      assertThat(kept.getString("cookie")).as(sameOrigin).isEqualTo("session=s-1");
      assertThat(kept.getString("proxy_authorization")).as(sameOrigin).isEqualTo("Basic cHJveHk6cA==");
    }
  }

  @Test
  void aRedirectToAnotherOriginDropsTheLlmProvidersKeyHeadersToo() {
    OutboundClient client = client("127.0.0.1:" + first, "127.0.0.1:" + second);
    Consumer<HttpRequest<Buffer>> keys = request -> request.putHeader("api-key", "azure")
        .putHeader("x-api-key", "anthropic").putHeader("x-goog-api-key", "google")
        .putHeader("X-Amz-Security-Token", "aws").timeout(5_000);
    JsonObject crossOrigin = client.send(HttpMethod.GET, "http://127.0.0.1:" + first + "/to-second", keys,
        HttpRequest::send).await().bodyAsJsonObject();
    assertThat(crossOrigin.getInteger("port")).isEqualTo(second);
    assertThat(crossOrigin.getJsonArray("provider_keys")).isEmpty();
    JsonObject sameOrigin = client.send(HttpMethod.GET, "http://127.0.0.1:" + first + "/to-echo", keys,
        HttpRequest::send).await().bodyAsJsonObject();
    assertThat(sameOrigin.getJsonArray("provider_keys")).containsExactly("azure", "anthropic", "google", "aws");
  }

  private static JsonObject withCredentials(OutboundClient client, String url) {
    return client.send(HttpMethod.GET, url, OutboundClientTest::credentials, HttpRequest::send)
        .await().bodyAsJsonObject();
  }

  private static void credentials(HttpRequest<Buffer> request) {
    request.putHeader("X-Token", "t-1").putHeader("Authorization", "Bearer secret").putHeader("Cookie", "session=s-1")
        .putHeader("Proxy-Authorization", "Basic cHJveHk6cA==").timeout(5_000);
  }

  private static Future<HttpResponse<Buffer>> trustedGet(OutboundClient client, String url) {
    return client.sendTrusted(HttpMethod.GET, url, OutboundClientTest::credentials, HttpRequest::send);
  }

  @Test
  void aTrustedDestinationIsCalledUncheckedButARedirectElsewhereIsCheckedLikeAnyRequest() {
    OutboundClient client = client();

    assertThatThrownBy(() -> trustedGet(client, "http://127.0.0.1:" + first + "/to-second").await())
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessage("refused the redirect to http://127.0.0.1:" + second + "/echo: 127.0.0.1 is a loopback address "
            + "and outbound_allow does not permit it");
    assertThatThrownBy(() -> trustedGet(client, "http://127.0.0.1:" + first + "/to-localhost").await())
        .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("localhost resolves to");
    assertThatThrownBy(() -> client.sendTrusted(HttpMethod.POST, "http://127.0.0.1:" + first + "/see-other-second",
        OutboundClientTest::credentials, request -> request.sendBuffer(Buffer.buffer("payload"))).await())
        .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("refused the redirect to");
    assertThat(received).as("the refused address was never sent a request").isEmpty();

    HttpResponse<Buffer> direct = trustedGet(client, "http://127.0.0.1:" + first + "/echo").await();
    assertThat(direct.statusCode()).isEqualTo(200);
    assertThat(direct.bodyAsJsonObject().getString("authorization")).isEqualTo("Bearer secret");
  }

  @Test
  void aTrustedDestinationsRedirectKeepsTheCredentialsOnItsOriginOnly() {
    JsonObject sameOrigin = trustedGet(client(), "http://127.0.0.1:" + first + "/to-echo").await()
        .bodyAsJsonObject();
    assertThat(sameOrigin.getString("uri")).isEqualTo("/echo?hop=2");
    assertThat(sameOrigin.getString("authorization")).as("its own origin stays trusted").isEqualTo("Bearer secret");

    JsonObject allowedElsewhere = trustedGet(client("127.0.0.1:" + second), "http://127.0.0.1:" + first
        + "/to-second").await().bodyAsJsonObject();
    assertThat(allowedElsewhere.getInteger("port")).isEqualTo(second);
    assertThat(allowedElsewhere.getString("token")).isEqualTo("t-1");
    assertThat(allowedElsewhere.getString("authorization")).isNull();
    assertThat(allowedElsewhere.getString("cookie")).isNull();
    assertThat(allowedElsewhere.getString("proxy_authorization")).isNull();

    JsonObject backAgain = trustedGet(client("127.0.0.1:" + second), "http://127.0.0.1:" + first
        + "/to-second-and-back").await().bodyAsJsonObject();
    assertThat(backAgain.getInteger("port")).isEqualTo(first);
    assertThat(backAgain.getString("authorization")).as("once dropped, never sent again").isNull();
  }

  @Test
  void aTrustedDestinationsRedirectsAreFollowedAFewTimesAndThenAnswered() {
    HttpResponse<Buffer> response = trustedGet(client(), "http://127.0.0.1:" + first + "/loop").await();

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(received).hasSize(1 + OutboundPolicy.DEFAULT_MAX_REDIRECTS);
  }

  @Test
  void redirectsAreFollowedAFewTimesAndThenAnswered() {
    HttpResponse<Buffer> response = get(client("127.0.0.1:" + first), "http://127.0.0.1:" + first + "/loop").await();
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(received).hasSize(1 + OutboundPolicy.DEFAULT_MAX_REDIRECTS);

    received.clear();
    OutboundClient noRedirects = new OutboundClient(webClient,
        new OutboundPolicy(OutboundAllowList.parse(List.of("127.0.0.1:" + first)), 0), OutboundClientTest::resolve);
    assertThat(get(noRedirects, "http://127.0.0.1:" + first + "/loop").await().statusCode()).isEqualTo(302);
    assertThat(received).hasSize(1);
  }

  @Test
  void aSeeOtherTurnsAPostIntoAGetAndATemporaryRedirectOfAPostIsAnswered() {
    OutboundClient client = client("127.0.0.1:" + first);
    HttpResponse<Buffer> seeOther = client.send(HttpMethod.POST, "http://127.0.0.1:" + first + "/see-other",
        request -> request.timeout(5_000), request -> request.sendBuffer(Buffer.buffer("payload"))).await();
    assertThat(seeOther.bodyAsJsonObject().getString("method")).isEqualTo("GET");
    assertThat(seeOther.bodyAsJsonObject().getString("body")).isNullOrEmpty();

    HttpResponse<Buffer> temporary = client.send(HttpMethod.POST, "http://127.0.0.1:" + first + "/temporary",
        request -> request.timeout(5_000), request -> request.sendBuffer(Buffer.buffer("payload"))).await();
    assertThat(temporary.statusCode()).isEqualTo(307);
  }

  @Test
  void aUrlThatIsNotAbsoluteHttpFailsWithoutARequest() {
    assertThatThrownBy(() -> get(client(), "ftp://127.0.0.1/file").await())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an absolute http(s) URL");
    assertThatThrownBy(() -> get(client(), "http://exa mple.com/").await())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid URL");
  }
}
