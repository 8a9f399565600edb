package dev.turnpoint.engine.http;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The kind of network an IP address belongs to, which decides whether the engine's outbound requests may reach it:
 * only a {@link #PUBLIC} address is reached without an entry in the allow-list ({@link OutboundAllowList}), so a
 * workflow cannot make the server call itself, its private network or a cloud metadata service.
 *
 * <p>IPv4: {@code 0.0.0.0/8} unspecified, {@code 127.0.0.0/8} loopback, {@code 169.254.0.0/16} link-local (cloud
 * metadata lives there), {@code 10.0.0.0/8}, {@code 172.16.0.0/12} and {@code 192.168.0.0/16} private,
 * {@code 100.64.0.0/10} shared (carrier-grade NAT, where some clouds put their metadata service, e.g.
 * {@code 100.100.100.200}), {@code 192.0.0.0/24} (IETF protocol assignments) and {@code 240.0.0.0/4} reserved,
 * {@code 255.255.255.255} broadcast, {@code 198.18.0.0/15} benchmarking, {@code 224.0.0.0/4} multicast. IPv6:
 * {@code ::} unspecified, {@code ::1} loopback, {@code fe80::/10} link-local, {@code fc00::/7} (unique local) and the
 * retired site-local {@code fec0::/10} private, {@code ff00::/8} multicast. An
 * IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64
 * {@code 64:ff9b::/96}) is classified by the IPv4 address it carries, since that is where it leads.
 */
public enum AddressClass {
  PUBLIC("a public address"),
  LOOPBACK("a loopback address"),
  LINK_LOCAL("a link-local address"),
  PRIVATE("a private-network address"),
  SHARED("a shared (carrier-grade NAT) address"),
  RESERVED("a reserved address"),
  BROADCAST("the broadcast address"),
  BENCHMARKING("a benchmarking address"),
  UNSPECIFIED("an unspecified address"),
  MULTICAST("a multicast address");

  private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  /** How a refusal names the class, e.g. "a loopback address". */
  public String description() {
    return description;
  }

  public static AddressClass of(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return ofIpv4(bytes);
    }
    byte[] carried = carriedIpv4(bytes);
    return carried == null ? ofIpv6(bytes) : ofIpv4(carried);
  }

  /**
   * The IPv4 address an IPv6 one carries (IPv4-mapped, IPv4-compatible other than {@code ::} and {@code ::1}, or
   * NAT64), else null; a 4-byte address is returned as it is.
   */
  static byte[] carriedIpv4(byte[] bytes) {
    if (bytes.length == 4) {
      return bytes;
    }
    boolean zeroPrefix = allZero(bytes, 0, 10);
    boolean mapped = zeroPrefix && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    boolean unspecifiedOrLoopback = allZero(bytes, 0, 15) && (bytes[15] == 0 || bytes[15] == 1);
    boolean compatible = zeroPrefix && bytes[10] == 0 && bytes[11] == 0 && !unspecifiedOrLoopback;
    boolean nat64 = Arrays.equals(bytes, 0, 12, NAT64_PREFIX, 0, 12);
    return mapped || compatible || nat64 ? Arrays.copyOfRange(bytes, 12, 16) : null;
  }

  private static AddressClass ofIpv4(byte[] bytes) {
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    if (first == 0) {
      return UNSPECIFIED;
    }
    if (first == 127) {
      return LOOPBACK;
    }
    if (first == 169 && second == 254) {
      return LINK_LOCAL;
    }
    if (first == 10 || first == 172 && second >= 16 && second <= 31 || first == 192 && second == 168) {
      return PRIVATE;
    }
    if (first == 100 && second >= 64 && second <= 127) {
      return SHARED;
    }
    if (first == 198 && (second == 18 || second == 19)) {
      return BENCHMARKING;
    }
    if (first >= 224 && first <= 239) {
      return MULTICAST;
    }
    if (Arrays.equals(bytes, new byte[]{-1, -1, -1, -1})) {
      return BROADCAST;
    }
    if (first >= 240 || first == 192 && second == 0 && (bytes[2] & 0xff) == 0) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass ofIpv6(byte[] bytes) {
    if (allZero(bytes, 0, 16)) {
      return UNSPECIFIED;
    }
    if (allZero(bytes, 0, 15) && bytes[15] == 1) {
      return LOOPBACK;
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    if (first == 0xff) {
      return MULTICAST;
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return LINK_LOCAL;
    }
    if ((first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0xc0) {
      return PRIVATE;
    }
    return PUBLIC;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
