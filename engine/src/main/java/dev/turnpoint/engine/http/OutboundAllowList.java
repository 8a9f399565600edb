package dev.turnpoint.engine.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The destinations an operator lets outbound requests reach although their address is not public (see
 * {@link AddressClass}), e.g. an internal service or, in tests, a server on loopback. Each entry is one of:
 * <ul>
 *   <li>a CIDR block, {@code 10.20.0.0/16} or {@code fd00::/8}: every port of every address in it;</li>
 *   <li>an IP address, {@code 10.20.30.40} or {@code ::1}: every port of that address;</li>
 *   <li>{@code host:port}, {@code 127.0.0.1:8080}, {@code [::1]:8080} or {@code llm.internal:8000}: that one port,
 *       of that address or of that host name as a URL names it (whatever the name resolves to).</li>
 * </ul>
 * Parsing never looks a name up, so a bad entry fails the engine's start, not a request.
 */
public final class OutboundAllowList {

  public static final OutboundAllowList NONE = new OutboundAllowList(List.of(), List.of(), List.of());

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*"
      + "[a-z0-9])?)*");

  private final List<String> entries;
  private final List<Block> blocks;
  private final List<Endpoint> endpoints;

  private OutboundAllowList(List<String> entries, List<Block> blocks, List<Endpoint> endpoints) {
    this.entries = List.copyOf(entries);
    this.blocks = List.copyOf(blocks);
    this.endpoints = List.copyOf(endpoints);
  }

  /** A block of addresses: the first {@code prefix} bits of {@code network}. */
  private record Block(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /** One port of one address (when {@code address} is set) or of one host name. */
  private record Endpoint(InetAddress address, String hostName, int port) {
  }

  /** Parses the entries; a blank or malformed one fails with {@link IllegalArgumentException} naming it. */
  public static OutboundAllowList parse(List<String> entries) {
    List<String> written = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw == null ? "" : raw.strip();
      written.add(entry);
      try {
        parseEntry(entry, blocks, endpoints);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("outbound_allow entry '" + entry + "' " + e.getMessage()
            + "; an entry is a CIDR block (10.0.0.0/8), an IP address (10.1.2.3, ::1) or host:port "
            + "(127.0.0.1:8080, [::1]:8080, llm.internal:8000)", e);
      }
    }
    return new OutboundAllowList(written, blocks, endpoints);
  }

  private static void parseEntry(String entry, List<Block> blocks, List<Endpoint> endpoints) {
    if (entry.isEmpty()) {
      throw new IllegalArgumentException("is blank");
    }
    int slash = entry.indexOf('/');
    if (slash >= 0) {
      byte[] network = literal(entry.substring(0, slash)).getAddress();
      int prefix = number(entry.substring(slash + 1), network.length * 8, "prefix length");
      blocks.add(new Block(network, prefix));
      return;
    }
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || close + 1 < entry.length() && entry.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("has a bracketed IPv6 address that is not closed properly");
      }
      InetAddress address = literal(entry.substring(1, close));
      if (close + 1 == entry.length()) {
        blocks.add(new Block(address.getAddress(), address.getAddress().length * 8));
      } else {
        endpoints.add(new Endpoint(address, null, number(entry.substring(close + 2), 65535, "port")));
      }
      return;
    }
    long colons = entry.chars().filter(c -> c == ':').count();
    if (colons == 0) {
      if (!IPV4.matcher(entry).matches()) {
        throw new IllegalArgumentException("is a host name without a port");
      }
      byte[] address = literal(entry).getAddress();
      blocks.add(new Block(address, 32));
    } else if (colons == 1) {
      String host = entry.substring(0, entry.indexOf(':')).toLowerCase(Locale.ROOT);
      int port = number(entry.substring(entry.indexOf(':') + 1), 65535, "port");
      if (IPV4.matcher(host).matches()) {
        endpoints.add(new Endpoint(literal(host), null, port));
      } else if (HOST_NAME.matcher(host).matches()) {
        endpoints.add(new Endpoint(null, host, port));
      } else {
        throw new IllegalArgumentException("has neither an IP address nor a host name before the port");
      }
    } else {
      byte[] address = literal(entry).getAddress();
      blocks.add(new Block(address, address.length * 8));
    }
  }

  /** An IP address written out, parsed without any name lookup. */
  private static InetAddress literal(String text) {
    try {
      Matcher ipv4 = IPV4.matcher(text);
      if (ipv4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          bytes[i] = (byte) number(ipv4.group(i + 1), 255, "IPv4 octet");
        }
        return InetAddress.getByAddress(bytes);
      }
      // With a colon in it, InetAddress parses an IPv6 literal (an IPv4-mapped one as IPv4) and never asks DNS.
      if (text.contains(":") && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return InetAddress.getByName(text);
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("has an invalid IP address", e);
    }
    throw new IllegalArgumentException("has no IP address where one is expected");
  }

  private static int number(String text, int max, String what) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)
        || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException("has a " + what + " that is not a number from 0 to " + max);
    }
    return Integer.parseInt(text);
  }

  /** An IPv4-mapped IPv6 address as its IPv4 address, so that one entry covers both spellings. */
  private static byte[] canonical(byte[] address) {
    byte[] carried = AddressClass.carriedIpv4(address);
    boolean mapped = address.length == 16 && carried != null && address[10] == (byte) 0xff;
    return mapped ? carried : address;
  }

  /**
   * Whether a request to {@code host} (as the URL names it) on {@code port}, which resolved to {@code address}, may
   * go ahead whatever the address's class.
   */
  public boolean permits(String host, InetAddress address, int port) {
    byte[] bytes = canonical(address.getAddress());
    if (blocks.stream().anyMatch(block -> block.contains(bytes))) {
      return true;
    }
    String name = normalHost(host);
    return endpoints.stream().anyMatch(endpoint -> endpoint.port() == port && (endpoint.address() == null
        ? endpoint.hostName().equals(name)
        : Arrays.equals(endpoint.address().getAddress(), bytes)));
  }

  /** A URL's host as the allow-list compares it: lower case, without IPv6 brackets or a trailing dot. */
  static String normalHost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Whether a (normalised) URL host is an IP address rather than a name. */
  static boolean isAddressLiteral(String host) {
    return host.contains(":") || IPV4.matcher(host).matches();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entries as the configuration gives them. */
  @Override
  public String toString() {
    return entries.toString();
  }
}
