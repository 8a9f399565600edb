package dev.turnpoint.persistence;

import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on failed service calls. */
public final class Failures {

  private Failures() {
  }

  /** Waits for {@code call} and answers the code it failed with; fails the test if it succeeded. */
  public static FailureCode failureOf(Future<?> call) {
    AsyncResult<?> result = call.transform(Future::succeededFuture).await();
    assertThat(result.failed()).as("the call should have failed, but answered %s", result.result()).isTrue();
    assertThat(result.cause()).isInstanceOf(ServiceException.class);
    return ((ServiceException) result.cause()).code();
  }
}
