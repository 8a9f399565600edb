package dev.turnpoint.engine.http;

import java.util.Map;

/**
 * An outgoing HTTP request with every placeholder already substituted.
 *
 * @param method         GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS
 * @param url            absolute http(s) URL
 * @param headers        request headers
 * @param query          query parameters added to the URL
 * @param bodyKind       how {@code body} is encoded
 * @param body           a JsonObject for JSON/form bodies, a String for text; ignored for {@link BodyKind#NONE}
 * @param timeoutMs      the request fails when no data arrives for this long
 * @param responseFormat {@code json} (parsed when possible), {@code text} or {@code binary} (base64)
 */
public record HttpCall(String method, String url, Map<String, String> headers, Map<String, String> query,
                       BodyKind bodyKind, Object body, long timeoutMs, String responseFormat) {

  public enum BodyKind { NONE, JSON, FORM, MULTIPART, TEXT }
}
