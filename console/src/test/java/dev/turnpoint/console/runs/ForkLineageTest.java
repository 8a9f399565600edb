package dev.turnpoint.console.runs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which run played each turn of a fork's history, and which forks that history passes through. */
class ForkLineageTest {

  private static final ForkLineage.Link ROOT = new ForkLineage.Link("root", null, null);

  @Test
  void aForkPlaysTheTurnsAfterItsForkPointAndItsSourceTheOthers() {
    ForkLineage fork = new ForkLineage(List.of(new ForkLineage.Link("fork", "root", 2), ROOT), 5);

    assertThat(List.of(0, 1, 2, 3, 5)).extracting(fork::playerOf)
        .containsExactly("root", "root", "root", "fork", "fork");
    assertThat(fork.forks()).containsExactly(new ForkLineage.Fork(new ForkLineage.Link("fork", "root", 2), 0, true));
    ForkLineage unforked = new ForkLineage(List.of(ROOT), 2);
    assertThat(unforked.forks()).isEmpty();
    assertThat(unforked.playerOf(2)).isEqualTo("root");
  }

  @Test
  void aForkOfAForkPassesItsSourcesForkOnlyWhenItInheritedTheTurnsAfterIt() {
    ForkLineage.Link source = new ForkLineage.Link("source", "root", 2);
    ForkLineage later = new ForkLineage(List.of(new ForkLineage.Link("later", "source", 4), source, ROOT), 6);
    ForkLineage earlier = new ForkLineage(List.of(new ForkLineage.Link("earlier", "source", 1), source, ROOT), 3);
    ForkLineage same = new ForkLineage(List.of(new ForkLineage.Link("same", "source", 2), source, ROOT), 2);

    assertThat(List.of(2, 3, 4, 5)).extracting(later::playerOf).containsExactly("root", "source", "source", "later");
    assertThat(later.forks()).extracting(fork -> fork.link().runId(), ForkLineage.Fork::depth)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("source", 1),
            org.assertj.core.groups.Tuple.tuple("later", 0));
    assertThat(List.of(0, 1, 2)).extracting(earlier::playerOf).containsExactly("root", "root", "earlier");
    assertThat(earlier.forks()).extracting(fork -> fork.link().runId()).containsExactly("earlier");
    assertThat(same.forks()).extracting(fork -> fork.link().runId()).containsExactly("source", "same");
    assertThat(same.playerOf(2)).isEqualTo("root");
  }

  @Test
  void beyondASourceThatCouldNotBeReadTheLastRunReadAnswers() {
    ForkLineage orphan = new ForkLineage(List.of(new ForkLineage.Link("orphan", "gone", 2)), 4);

    assertThat(orphan.playerOf(1)).isEqualTo("orphan");
    assertThat(orphan.playerOf(3)).isEqualTo("orphan");
    assertThat(orphan.forks()).containsExactly(new ForkLineage.Fork(new ForkLineage.Link("orphan", "gone", 2), 0,
        false));
  }
}
