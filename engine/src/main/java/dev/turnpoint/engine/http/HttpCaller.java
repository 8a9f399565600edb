package dev.turnpoint.engine.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Makes the HTTP calls of {@code http_request} nodes and {@code external_api} tools, through {@link OutboundClient}
 * so that they reach only what the {@link OutboundPolicy} permits. A call never fails its future: a connection
 * error, a timeout, an invalid request or a refused destination becomes an {@link HttpResult} with {@code error} set,
 * so the workflow can branch on it.
 */
public final class HttpCaller {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final List<String> SECRET_HEADER_PARTS = List.of("authorization", "api-key", "apikey", "token",
      "secret", "cookie", "password");

  private final OutboundClient outbound;

  public HttpCaller(OutboundClient outbound) {
    this.outbound = outbound;
  }

  public Future<HttpResult> call(HttpCall call) {
    long started = System.nanoTime();
    String method = call.method() == null ? "GET" : call.method().toUpperCase(Locale.ROOT);
    String curl = curlCommand(method, call);
    String invalid = validate(method, call.url());
    if (invalid != null) {
      return Future.succeededFuture(new HttpResult(null, null, null, invalid, 0, curl));
    }
    Future<HttpResponse<Buffer>> sent = outbound.send(HttpMethod.valueOf(method), call.url(), request -> {
      if (call.timeoutMs() > 0) {
        request.timeout(call.timeoutMs());
      }
      call.headers().forEach(request::putHeader);
    }, request -> {
      call.query().forEach(request::addQueryParam);
      return send(request, call);
    });
    return sent.transform(done -> {
      long duration = (System.nanoTime() - started) / 1_000_000;
      if (done.failed()) {
        String error = done.cause() instanceof TimeoutException
            ? "no response within " + call.timeoutMs() + " ms"
            : String.valueOf(done.cause().getMessage());
        return Future.succeededFuture(new HttpResult(null, null, null, error, duration, curl));
      }
      HttpResponse<Buffer> response = done.result();
      JsonObject headers = new JsonObject();
      response.headers().forEach(header -> {
        if (!headers.containsKey(header.getKey().toLowerCase(Locale.ROOT))) {
          headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
      });
      return Future.succeededFuture(new HttpResult(response.statusCode(), headers,
          body(response, call.responseFormat()), null, duration, curl));
    });
  }

  private static Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, HttpCall call) {
    Object body = call.body();
    return switch (call.bodyKind()) {
      case NONE -> request.send();
      case JSON -> request.sendJson(body);
      case FORM -> request.sendForm(formOf(body));
      case MULTIPART -> {
        MultipartForm form = MultipartForm.create();
        formOf(body).forEach(form::attribute);
        yield request.sendMultipartForm(form);
      }
      case TEXT -> {
        if (call.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
          request.putHeader("Content-Type", "text/plain; charset=utf-8");
        }
        yield request.sendBuffer(Buffer.buffer(body == null ? "" : String.valueOf(body)));
      }
    };
  }

  private static MultiMap formOf(Object body) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    if (body instanceof JsonObject object) {
      object.forEach(entry -> form.add(entry.getKey(), entry.getValue() == null ? "" : plain(entry.getValue())));
    }
    return form;
  }

  private static Object body(HttpResponse<Buffer> response, String format) {
    Buffer buffer = response.bodyAsBuffer();
    if (buffer == null) {
      return null;
    }
    if ("binary".equals(format)) {
      return Base64.getEncoder().encodeToString(buffer.getBytes());
    }
    String text = buffer.toString();
    if ("text".equals(format)) {
      return text;
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      return text;
    }
  }

  private static String validate(String method, String url) {
    if (!METHODS.contains(method)) {
      return "unsupported HTTP method '" + method + "'";
    }
    if (url == null || url.isBlank()) {
      return "the URL is empty";
    }
    try {
      URI uri = new URI(url);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null) {
        return "'" + url + "' is not an absolute http(s) URL";
      }
    } catch (java.net.URISyntaxException e) {
      return "'" + url + "' is not a valid URL: " + e.getReason();
    }
    return null;
  }

  private static String curlCommand(String method, HttpCall call) {
    StringBuilder curl = new StringBuilder("curl -X ").append(method).append(' ')
        .append(quote(withQuery(call.url(), call.query())));
    for (Map.Entry<String, String> header : call.headers().entrySet()) {
      String value = isSecret(header.getKey()) ? "***" : header.getValue();
      curl.append(" -H ").append(quote(header.getKey() + ": " + value));
    }
    switch (call.bodyKind()) {
      case JSON -> curl.append(" -H 'Content-Type: application/json' --data ")
          .append(quote(Json.encode(call.body())));
      case FORM, MULTIPART -> formOf(call.body()).forEach(entry ->
          curl.append(call.bodyKind() == HttpCall.BodyKind.FORM ? " --data-urlencode " : " -F ")
              .append(quote(entry.getKey() + "=" + entry.getValue())));
      case TEXT -> curl.append(" --data ").append(quote(String.valueOf(call.body())));
      case NONE -> {
      }
    }
    return curl.toString();
  }

  private static String withQuery(String url, Map<String, String> query) {
    if (query.isEmpty()) {
      return String.valueOf(url);
    }
    StringBuilder full = new StringBuilder(String.valueOf(url));
    char separator = full.indexOf("?") >= 0 ? '&' : '?';
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      full.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
      separator = '&';
    }
    return full.toString();
  }

  private static boolean isSecret(String header) {
    String lower = header.toLowerCase(Locale.ROOT);
    return SECRET_HEADER_PARTS.stream().anyMatch(lower::contains);
  }

  private static String plain(Object value) {
    return value instanceof String text ? text : Json.encode(value);
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
