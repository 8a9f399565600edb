package dev.turnpoint.api.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ClientBucketsTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(5 * SECOND);

  @Test
  void aClientMaySendItsBurstAtOnceThenAtTheRate() {
    ClientBuckets buckets = new ClientBuckets(2, 3, 100, now::get);

    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isEqualTo(SECOND / 2);
    assertThat(buckets.timeToToken("a")).isEqualTo(SECOND / 2);
    now.addAndGet(SECOND / 4);
    assertThat(buckets.take("a")).isEqualTo(SECOND / 4);
    now.addAndGet(SECOND / 4);
    assertThat(buckets.timeToToken("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isPositive();
  }

  @Test
  void aQuietClientGetsBackNoMoreThanItsBurst() {
    ClientBuckets buckets = new ClientBuckets(10, 2, 100, now::get);
    buckets.take("a");
    buckets.take("a");

    now.addAndGet(3600 * SECOND);

    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isPositive();
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    ClientBuckets buckets = new ClientBuckets(1, 1, 100, now::get);

    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isPositive();
    assertThat(buckets.take("b")).isZero();
    assertThat(buckets.timeToToken("never-seen")).isZero();
    assertThat(buckets.tracked()).isEqualTo(2);
  }

  @Test
  void theMapIsBoundedAndForgetsTheClientIdleTheLongest() {
    ClientBuckets buckets = new ClientBuckets(1, 1, 3, now::get);
    buckets.take("idle");
    buckets.take("busy");
    buckets.take("other");
    buckets.take("busy");

    for (int i = 0; i < 1000; i++) {
      buckets.take("flood-" + i);
    }

    assertThat(buckets.tracked()).isEqualTo(3);
    assertThat(buckets.take("idle")).as("forgotten, so back with a full bucket").isZero();
  }

  @Test
  void aRateOfZeroLetsEverythingThroughAndTracksNobody() {
    ClientBuckets buckets = new ClientBuckets(0, 1, 3, now::get);

    for (int i = 0; i < 100; i++) {
      assertThat(buckets.take("a")).isZero();
    }
    assertThat(buckets.tracked()).isZero();
  }
}
