package dev.turnpoint.engine.http;

import java.net.InetAddress;

/**
 * Which addresses the engine's outbound requests ({@code http_request} nodes, {@code external_api} tools, LLM base
 * URLs a workflow names) may reach, and how many redirects they follow. A public address is always reached; any
 * other one (loopback, private, link-local, shared, reserved, benchmarking, broadcast, unspecified, multicast, see
 * {@link AddressClass}) only when the allow-list permits it.
 *
 * @param allow        destinations let through whatever their address
 * @param maxRedirects how many redirects a request follows, each one checked like the first request; a redirect
 *                     beyond them is the answer itself
 * @param maxResponseBytes how large an answer may grow (each hop's body) before the request fails with
 *                     {@link ResponseTooLargeException}
 */
public record OutboundPolicy(OutboundAllowList allow, int maxRedirects, long maxResponseBytes) {

  public static final int DEFAULT_MAX_REDIRECTS = 5;
  public static final int MAX_REDIRECTS = 20;
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
  /** Public addresses only, {@value #DEFAULT_MAX_REDIRECTS} redirects. */
  public static final OutboundPolicy DEFAULT = new OutboundPolicy(OutboundAllowList.NONE, DEFAULT_MAX_REDIRECTS);

  /** A policy with the default {@value #DEFAULT_MAX_RESPONSE_BYTES} bytes an answer may have. */
  public OutboundPolicy(OutboundAllowList allow, int maxRedirects) {
    this(allow, maxRedirects, DEFAULT_MAX_RESPONSE_BYTES);
  }

  public OutboundPolicy {
    if (allow == null) {
      throw new IllegalArgumentException("the outbound allow-list must not be null");
    }
    if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
      throw new IllegalArgumentException("outbound_max_redirects must be between 0 and " + MAX_REDIRECTS);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("outbound_max_response_bytes must be at least 1, not " + maxResponseBytes);
    }
  }

  /**
   * Why a request to {@code host} on {@code port} must not go to {@code address}, one of the addresses the host
   * resolved to; null when it may.
   */
  public String refusal(String host, InetAddress address, int port) {
    AddressClass kind = AddressClass.of(address);
    if (kind == AddressClass.PUBLIC || allow.permits(host, address, port)) {
      return null;
    }
    String ip = address.getHostAddress();
    String what = OutboundAllowList.isAddressLiteral(OutboundAllowList.normalHost(host))
        ? ip + " is " + kind.description()
        : host + " resolves to " + ip + ", " + kind.description() + ",";
    return what + " and outbound_allow does not permit it";
  }
}
