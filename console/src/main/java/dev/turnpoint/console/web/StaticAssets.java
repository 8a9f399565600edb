package dev.turnpoint.console.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The console's scripts, stylesheet and icon, served from memory under {@code /static/}: htmx and its SSE extension
 * from their webjars (never a CDN, so the CSP can stay {@code 'self'}), the stylesheet from the console's resources.
 * Browsers revalidate them by ETag, so a new build is picked up at once.
 */
public final class StaticAssets {

  public static final String HTMX = "/static/htmx.min.js";
  public static final String HTMX_SSE = "/static/htmx-ext-sse.js";
  public static final String STYLESHEET = "/static/console.css";
  public static final String ICON = "/static/favicon.svg";

  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";
  private static final String SVG = "image/svg+xml";

  private final Map<String, Asset> assets;

  private StaticAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /** Reads every asset once (off the event loop); fails when one is missing from the classpath. */
  public static Future<StaticAssets> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<String, Asset> assets = new LinkedHashMap<>();
      assets.put(HTMX, Asset.of(webjarFile("htmx.org", "dist/htmx.min.js"), JAVASCRIPT));
      assets.put(HTMX_SSE, Asset.of(webjarFile("htmx-ext-sse", "sse.js"), JAVASCRIPT));
      assets.put(STYLESHEET, Asset.of(read("console/static/console.css"), CSS));
      assets.put(ICON, Asset.of(read("console/static/favicon.svg"), SVG));
      return new StaticAssets(assets);
    });
  }

  public void mount(Router router) {
    assets.forEach((path, asset) -> router.get(path).handler(ctx -> serve(ctx, asset)));
  }

  private static void serve(RoutingContext ctx, Asset asset) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader(HttpHeaders.ETAG, asset.etag());
    if (asset.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().end(asset.content());
  }

  /** A file of an npm webjar, found by the version its Maven metadata names. */
  private static byte[] webjarFile(String artifact, String file) {
    Properties metadata = new Properties();
    try (InputStream in = open("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      metadata.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read("META-INF/resources/webjars/" + artifact + "/" + metadata.getProperty("version") + "/" + file);
  }

  private static byte[] read(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("missing console asset " + resource);
    }
    return in;
  }

  private record Asset(Buffer content, String contentType, String etag) {
    static Asset of(byte[] bytes, String contentType) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        String etag = "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        return new Asset(Buffer.buffer(bytes), contentType, etag);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
