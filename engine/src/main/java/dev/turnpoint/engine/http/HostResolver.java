package dev.turnpoint.engine.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.util.List;

/**
 * Turns a URL's host into the addresses it stands for, so that {@link OutboundClient} can check each one and then
 * connect to the checked address itself.
 */
@FunctionalInterface
public interface HostResolver {

  /** The host's addresses, at least one; fails when it has none. An IP address resolves to itself. */
  Future<List<InetAddress>> resolve(String host);

  /** The JVM's resolver ({@code /etc/hosts}, then DNS), run on a worker thread because it blocks. */
  static HostResolver system(Vertx vertx) {
    return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
  }
}
