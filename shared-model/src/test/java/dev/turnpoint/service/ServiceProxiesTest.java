package dev.turnpoint.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ServiceProxiesTest {

  /** A small contract exercising generic results, records, void and failures. */
  public interface Greeter {
    Future<Page<ApiKeyInfo>> keys(String teamId, PageQuery query);

    Future<Void> nothing();

    Future<String> fail(FailureCode code);

    default Future<Integer> length(String teamId) {
      return keys(teamId, new PageQuery(1, 10, null)).map(page -> page.items().size());
    }
  }

  static class LocalGreeter implements Greeter {
    @Override
    public Future<Page<ApiKeyInfo>> keys(String teamId, PageQuery query) {
      ApiKeyInfo info = new ApiKeyInfo("k1", teamId, ApiKeyRole.MEMBER, false, query.search(), "tp_ab", "u", "t",
          null);
      return Future.succeededFuture(new Page<>(List.of(info), 7));
    }

    @Override
    public Future<Void> nothing() {
      return Future.succeededFuture();
    }

    @Override
    public Future<String> fail(FailureCode code) {
      return Future.failedFuture(new ServiceException(code, "failed with " + code));
    }
  }

  @Test
  void callsTravelTypedOverTheEventBus(Vertx vertx) {
    ServiceProxies.register(vertx, Greeter.class, "test.greeter", new LocalGreeter()).await();
    Greeter client = ServiceProxies.client(vertx, Greeter.class, "test.greeter");

    Page<ApiKeyInfo> page = client.keys("team-a", new PageQuery(2, 5, "find me")).await();
    assertThat(page.total()).isEqualTo(7);
    assertThat(page.items()).singleElement().satisfies(info -> {
      assertThat(info.teamId()).isEqualTo("team-a");
      assertThat(info.role()).isEqualTo(ApiKeyRole.MEMBER);
      assertThat(info.name()).isEqualTo("find me");
    });
    assertThat(client.nothing().await()).isNull();
    assertThat(client.length("x").await()).isEqualTo(1);
  }

  /** Echoes text back, noting whether it ran on an event loop. */
  public interface Echo {
    Future<String> echo(String text);
  }

  @Test
  void largeCallsAndRepliesArriveWholeAndTheServiceStillRunsOnItsEventLoop(Vertx vertx) {
    List<Boolean> onEventLoop = new java.util.concurrent.CopyOnWriteArrayList<>();
    Echo echo = text -> {
      onEventLoop.add(io.vertx.core.Context.isOnEventLoopThread());
      return Future.succeededFuture(text + "!");
    };
    ServiceProxies.register(vertx, Echo.class, "test.echo", echo).await();
    Echo client = ServiceProxies.client(vertx, Echo.class, "test.echo");
    String large = "x".repeat(ServiceProxies.DECODE_OFF_LOOP_CHARS + 10);

    assertThat(client.echo(large).await()).isEqualTo(large + "!");
    assertThat(client.echo("small").await()).isEqualTo("small!");
    assertThat(onEventLoop).containsExactly(true, true);

    Throwable broken = vertx.eventBus().request("test.echo", "[" + large,
            new io.vertx.core.eventbus.DeliveryOptions().addHeader(ServiceProxies.ACTION, "echo"))
        .transform(Future::succeededFuture).await().cause();
    assertThat(ServiceException.from(broken).code()).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void failuresKeepTheirCode(Vertx vertx) {
    ServiceProxies.register(vertx, Greeter.class, "test.failing", new LocalGreeter()).await();
    Greeter client = ServiceProxies.client(vertx, Greeter.class, "test.failing");
    for (FailureCode code : FailureCode.values()) {
      Throwable failure = client.fail(code).transform(Future::succeededFuture).await().cause();
      assertThat(failure).isInstanceOf(ServiceException.class);
      assertThat(((ServiceException) failure).code()).isEqualTo(code);
      assertThat(failure).hasMessage("failed with " + code);
    }
  }

  @Test
  void aMissingServiceIsUnavailable(Vertx vertx) {
    Greeter client = ServiceProxies.client(vertx, Greeter.class, "test.nobody");
    Throwable failure = client.nothing().transform(Future::succeededFuture).await().cause();
    assertThat(((ServiceException) failure).code()).isEqualTo(FailureCode.UNAVAILABLE);
  }
}
