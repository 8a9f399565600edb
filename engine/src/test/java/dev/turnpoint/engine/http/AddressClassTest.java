package dev.turnpoint.engine.http;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AddressClassTest {

  private static AddressClass of(String literal) {
    try {
      return AddressClass.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** An IPv6 address kept as IPv6, where InetAddress would turn an IPv4-mapped one into IPv4. */
  private static AddressClass ofIpv6Bytes(String literal) {
    try {
      byte[] bytes = InetAddress.getByName(literal).getAddress();
      if (bytes.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        bytes = mapped;
      }
      Inet6Address address = Inet6Address.getByAddress(null, bytes, -1);
      assertThat(address.getAddress()).hasSize(16);
      return AddressClass.of(address);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void ipv4AddressesAreClassifiedWithTheEdgesOfEveryBlock() {
    Map<String, AddressClass> expected = Map.ofEntries(
        Map.entry("0.0.0.0", AddressClass.UNSPECIFIED),
        Map.entry("0.255.255.255", AddressClass.UNSPECIFIED),
        Map.entry("127.0.0.1", AddressClass.LOOPBACK),
        Map.entry("127.255.255.254", AddressClass.LOOPBACK),
        Map.entry("169.254.169.254", AddressClass.LINK_LOCAL),
        Map.entry("169.254.0.0", AddressClass.LINK_LOCAL),
        Map.entry("169.255.0.1", AddressClass.PUBLIC),
        Map.entry("10.0.0.1", AddressClass.PRIVATE),
        Map.entry("10.255.255.255", AddressClass.PRIVATE),
        Map.entry("172.16.0.1", AddressClass.PRIVATE),
        Map.entry("172.31.255.255", AddressClass.PRIVATE),
        Map.entry("172.15.255.255", AddressClass.PUBLIC),
        Map.entry("172.32.0.0", AddressClass.PUBLIC),
        Map.entry("192.168.1.1", AddressClass.PRIVATE),
        Map.entry("192.169.0.1", AddressClass.PUBLIC),
        Map.entry("224.0.0.1", AddressClass.MULTICAST),
        Map.entry("239.255.255.250", AddressClass.MULTICAST),
        Map.entry("8.8.8.8", AddressClass.PUBLIC),
        Map.entry("93.184.216.34", AddressClass.PUBLIC),
        Map.entry("1.0.0.1", AddressClass.PUBLIC));
    expected.forEach((literal, kind) -> assertThat(of(literal)).as(literal).isEqualTo(kind));
  }

  @Test
  void sharedReservedBenchmarkingAndBroadcastIpv4BlocksAreClassifiedWithTheirEdges() {
    Map<String, AddressClass> expected = Map.ofEntries(
        Map.entry("100.64.0.0", AddressClass.SHARED),
        Map.entry("100.100.100.200", AddressClass.SHARED),
        Map.entry("100.127.255.255", AddressClass.SHARED),
        Map.entry("100.63.255.255", AddressClass.PUBLIC),
        Map.entry("100.128.0.0", AddressClass.PUBLIC),
        Map.entry("192.0.0.0", AddressClass.RESERVED),
        Map.entry("192.0.0.170", AddressClass.RESERVED),
        Map.entry("192.0.0.255", AddressClass.RESERVED),
        Map.entry("192.0.1.0", AddressClass.PUBLIC),
        Map.entry("191.255.255.255", AddressClass.PUBLIC),
        Map.entry("198.18.0.0", AddressClass.BENCHMARKING),
        Map.entry("198.19.255.255", AddressClass.BENCHMARKING),
        Map.entry("198.17.255.255", AddressClass.PUBLIC),
        Map.entry("198.20.0.0", AddressClass.PUBLIC),
        Map.entry("240.0.0.0", AddressClass.RESERVED),
        Map.entry("240.0.0.1", AddressClass.RESERVED),
        Map.entry("255.255.255.254", AddressClass.RESERVED),
        Map.entry("255.255.255.255", AddressClass.BROADCAST),
        Map.entry("239.255.255.255", AddressClass.MULTICAST),
        Map.entry("223.255.255.255", AddressClass.PUBLIC));
    expected.forEach((literal, kind) -> assertThat(of(literal)).as(literal).isEqualTo(kind));
  }

  @Test
  void theNewBlocksAreRefusedInTheirIpv6FormsToo() {
    Map<String, AddressClass> expected = Map.of(
        "::ffff:100.100.100.200", AddressClass.SHARED,
        "::ffff:192.0.0.8", AddressClass.RESERVED,
        "::ffff:198.18.1.1", AddressClass.BENCHMARKING,
        "::ffff:240.1.2.3", AddressClass.RESERVED,
        "::ffff:255.255.255.255", AddressClass.BROADCAST);
    assertClassifiedAsParsedAndAsIpv6Bytes(expected);
    assertThat(of("64:ff9b::100.100.100.200")).isEqualTo(AddressClass.SHARED);
    assertThat(of("::198.18.0.1")).isEqualTo(AddressClass.BENCHMARKING);
  }

  @Test
  void everyClassButPublicIsRefusedWithItsDescription() throws UnknownHostException {
    OutboundPolicy policy = OutboundPolicy.DEFAULT;
    assertThat(policy.refusal("100.100.100.200", InetAddress.getByName("100.100.100.200"), 80))
        .isEqualTo("100.100.100.200 is a shared (carrier-grade NAT) address and outbound_allow does not permit it");
    assertThat(policy.refusal("198.18.0.1", InetAddress.getByName("198.18.0.1"), 80))
        .contains("a benchmarking address");
    assertThat(policy.refusal("255.255.255.255", InetAddress.getByName("255.255.255.255"), 80))
        .contains("the broadcast address");
    assertThat(policy.refusal("240.0.0.1", InetAddress.getByName("240.0.0.1"), 80)).contains("a reserved address");
    assertThat(policy.refusal("100.128.0.1", InetAddress.getByName("100.128.0.1"), 80)).isNull();
  }

  @Test
  void ipv6AddressesAreClassified() {
    Map<String, AddressClass> expected = Map.ofEntries(
        Map.entry("::", AddressClass.UNSPECIFIED),
        Map.entry("::1", AddressClass.LOOPBACK),
        Map.entry("fe80::1", AddressClass.LINK_LOCAL),
        Map.entry("febf:ffff::1", AddressClass.LINK_LOCAL),
        Map.entry("fec0::1", AddressClass.PRIVATE),
        Map.entry("fc00::1", AddressClass.PRIVATE),
        Map.entry("fd12:3456:789a::1", AddressClass.PRIVATE),
        Map.entry("fe00::1", AddressClass.PUBLIC),
        Map.entry("ff02::1", AddressClass.MULTICAST),
        Map.entry("ff0e::114", AddressClass.MULTICAST),
        Map.entry("2001:4860:4860::8888", AddressClass.PUBLIC),
        Map.entry("2606:4700:4700::1111", AddressClass.PUBLIC),
        Map.entry("::2", AddressClass.UNSPECIFIED),
        Map.entry("::127.0.0.1", AddressClass.LOOPBACK),
        Map.entry("::10.1.2.3", AddressClass.PRIVATE),
        Map.entry("64:ff9b::169.254.169.254", AddressClass.LINK_LOCAL),
        Map.entry("64:ff9b::8.8.8.8", AddressClass.PUBLIC));
    expected.forEach((literal, kind) -> assertThat(of(literal)).as(literal).isEqualTo(kind));
  }

  @Test
  void ipv4MappedIpv6AddressesAreClassifiedByTheIpv4AddressTheyCarry() {
    Map<String, AddressClass> expected = Map.of(
        "::ffff:127.0.0.1", AddressClass.LOOPBACK,
        "::ffff:169.254.169.254", AddressClass.LINK_LOCAL,
        "::ffff:10.0.0.1", AddressClass.PRIVATE,
        "::ffff:172.20.0.1", AddressClass.PRIVATE,
        "::ffff:192.168.0.1", AddressClass.PRIVATE,
        "::ffff:0.0.0.0", AddressClass.UNSPECIFIED,
        "::ffff:224.0.0.1", AddressClass.MULTICAST,
        "::ffff:8.8.8.8", AddressClass.PUBLIC);
    assertClassifiedAsParsedAndAsIpv6Bytes(expected);
    assertThat(ofIpv6Bytes("::ffff:7f00:1")).isEqualTo(AddressClass.LOOPBACK);
  }

  private static void assertClassifiedAsParsedAndAsIpv6Bytes(Map<String, AddressClass> expected) {
    expected.forEach((literal, kind) -> {
      assertThat(of(literal)).as("as parsed: " + literal).isEqualTo(kind);
      assertThat(ofIpv6Bytes(literal)).as("as IPv6 bytes: " + literal).isEqualTo(kind);
    });
  }
}
