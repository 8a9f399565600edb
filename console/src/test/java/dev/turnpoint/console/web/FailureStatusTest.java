package dev.turnpoint.console.web;

import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureStatusTest {

  @Test
  void everyFailureCodeHasItsOwnStatus() {
    Map<FailureCode, Integer> expected = new EnumMap<>(FailureCode.class);
    expected.put(FailureCode.INVALID, 422);
    expected.put(FailureCode.NOT_FOUND, 404);
    expected.put(FailureCode.CONFLICT, 409);
    expected.put(FailureCode.OUT_OF_RANGE, 404);
    expected.put(FailureCode.UNAVAILABLE, 503);
    expected.put(FailureCode.UNAUTHENTICATED, 401);
    expected.put(FailureCode.FORBIDDEN, 403);
    expected.put(FailureCode.INTERNAL, 500);

    assertThat(expected).containsOnlyKeys(FailureCode.values());
    expected.forEach((code, status) -> {
      assertThat(FailureStatus.of(code)).as(code.name()).isEqualTo(status);
      assertThat(FailureStatus.of(new ServiceException(code, "refused"))).as(code.name()).isEqualTo(status);
    });
  }

  @Test
  void failuresFromTheEventBusAndUnexpectedOnesKeepTheirMeaning() {
    assertThat(FailureStatus.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FailureCode.FORBIDDEN.code(),
        "not yours"))).isEqualTo(403);
    assertThat(FailureStatus.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
        FailureCode.UNAUTHENTICATED.code(), "who are you"))).isEqualTo(401);
    assertThat(FailureStatus.of(new ReplyException(ReplyFailure.TIMEOUT, -1, "late"))).isEqualTo(503);
    assertThat(FailureStatus.of(new IllegalStateException("bug"))).isEqualTo(500);
  }
}
