package dev.turnpoint.engine.http;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundAllowListTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void blocksAndAddressesPermitEveryPort() {
    OutboundAllowList allow = OutboundAllowList.parse(List.of("10.20.0.0/16", " 192.168.1.7 ", "fd00::/8", "::1"));
    assertThat(allow.permits("10.20.255.1", ip("10.20.255.1"), 443)).isTrue();
    assertThat(allow.permits("10.21.0.1", ip("10.21.0.1"), 443)).isFalse();
    assertThat(allow.permits("printer.lan", ip("192.168.1.7"), 9100)).isTrue();
    assertThat(allow.permits("192.168.1.8", ip("192.168.1.8"), 9100)).isFalse();
    assertThat(allow.permits("[fd12::5]", ip("fd12::5"), 80)).isTrue();
    assertThat(allow.permits("[fe80::1]", ip("fe80::1"), 80)).isFalse();
    assertThat(allow.permits("[::1]", ip("::1"), 8080)).isTrue();
    assertThat(allow.permits("127.0.0.1", ip("127.0.0.1"), 8080)).isFalse();
    assertThat(OutboundAllowList.parse(List.of("0.0.0.0/0")).permits("10.0.0.1", ip("10.0.0.1"), 1)).isTrue();
    assertThat(allow).hasToString("[10.20.0.0/16, 192.168.1.7, fd00::/8, ::1]");
  }

  @Test
  void hostAndPortPermitsThatPortOnly() {
    OutboundAllowList allow = OutboundAllowList.parse(List.of("127.0.0.1:8080", "[::1]:9090", "LLM.internal:8000"));
    assertThat(allow.permits("127.0.0.1", ip("127.0.0.1"), 8080)).isTrue();
    assertThat(allow.permits("127.0.0.1", ip("127.0.0.1"), 8081)).isFalse();
    assertThat(allow.permits("[::1]", ip("::1"), 9090)).isTrue();
    assertThat(allow.permits("llm.INTERNAL.", ip("10.9.9.9"), 8000)).isTrue();
    assertThat(allow.permits("llm.internal", ip("10.9.9.9"), 8001)).isFalse();
    assertThat(allow.permits("other.internal", ip("10.9.9.9"), 8000)).isFalse();
    assertThat(allow.permits("10.9.9.9", ip("10.9.9.9"), 8000)).as("the name, not its address, is allowed").isFalse();
  }

  @Test
  void anIpv4MappedAddressMatchesItsIpv4Entry() {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    try {
      InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
      assertThat(OutboundAllowList.parse(List.of("127.0.0.0/8")).permits("x", address, 1)).isTrue();
      assertThat(OutboundAllowList.parse(List.of("127.0.0.1:1")).permits("x", address, 1)).isTrue();
      assertThat(OutboundAllowList.parse(List.of("::ffff:127.0.0.1")).permits("127.0.0.1", ip("127.0.0.1"), 1))
          .isTrue();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void malformedEntriesAreRejectedByName() {
    for (String bad : List.of("", "localhost", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1", "127.0.0.1:70000",
        "127.0.0.1:", "[::1", "[::1]x", "::1/129", "fe80::1%eth0", "exa_mple:80", "a:b:c:d:e:f:g:h")) {
      assertThatThrownBy(() -> OutboundAllowList.parse(List.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbound_allow entry '" + bad + "'");
    }
    assertThat(OutboundAllowList.parse(List.of()).isEmpty()).isTrue();
  }
}
