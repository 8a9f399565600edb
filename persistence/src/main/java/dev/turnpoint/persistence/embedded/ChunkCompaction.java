package dev.turnpoint.persistence.embedded;

import org.h2.mvstore.MVStore;

/**
 * Keeps the H2 file's chunks mostly live, in steps taken between two commands.
 *
 * <p>Every commit appends a chunk holding the pages it changed. A chunk's space is reused only once none of its
 * pages is live, and under a steady load most chunks keep a page or two live for good (the leaf that holds a new
 * turn document, which nobody changes again), so without rewriting them the file and the chunks H2 keeps in memory
 * grow with every commit. H2's background writer would rewrite them, but it also commits whenever it likes, which
 * would break the embedded store's rule of one commit per command (see {@link EmbeddedH2Backend}); the store runs
 * without it and this takes its place.
 *
 * <p>Every {@value #COMMITS_PER_STEP}th commit, if less than the minimum share of the chunks' bytes is live, H2
 * rewrites the live pages of the sparsest chunks (up to {@value #STEP_BYTES} bytes of them) into the current version,
 * and this commits them. The chunks they leave empty are freed by the commits that follow, once H2 no longer keeps
 * the versions that read them (the last five); stepping less often than that leaves no step rewriting around chunks
 * that are already on their way out. A megabyte every sixteen commits held the fill at its minimum all through the
 * store benchmark ({@code docs/benchmarks.md}, "Embedded store: file and memory under steady writes"), where every
 * commit writes a turn's documents of 5 to 11 KB; a step costs about what a command writing a megabyte costs.
 * Stepping every eighth commit instead did worse (the fill sank to 55-70 %): H2 picks old, sparse chunks first, and
 * more frequent steps spend themselves on pages that the next commits would have freed anyway.
 */
final class ChunkCompaction {

  static final int COMMITS_PER_STEP = 16;
  static final int STEP_BYTES = 1024 * 1024;

  private final MVStore store;
  private final int minFillPercent;
  private int commitsSinceStep;

  /** {@code minFillPercent} 0 never rewrites anything. */
  ChunkCompaction(MVStore store, int minFillPercent) {
    this.store = store;
    this.minFillPercent = minFillPercent;
  }

  /** Called after each commit, between two commands: the step's commit is then a state between two commands too. */
  void afterCommit() {
    if (minFillPercent == 0 || store.getFileStore() == null || ++commitsSinceStep < COMMITS_PER_STEP) {
      return;
    }
    commitsSinceStep = 0;
    if (store.compact(minFillPercent, STEP_BYTES)) {
      store.commit();
    }
  }
}
