/**
 * The MongoDB Turnpoint starts inside its own process when no {@code mongo_uri} is configured: the wire-protocol
 * server of mongo-java-server 1.47.0 with its H2 MVStore backend, changed where Turnpoint needs durability and speed.
 * {@link dev.turnpoint.persistence.embedded.EmbeddedMongoServer} starts it; the changes live in
 * {@link dev.turnpoint.persistence.embedded.EmbeddedH2Backend} and the two H2 data types it stores with.
 *
 * <p>What differs from mongo-java-server's own {@code H2Backend}, and why:
 * <ul>
 *   <li><b>An acknowledged write is on disk.</b> The plain backend leaves committing to H2's background writer, up
 *     to a second after the write, so a {@code kill -9} could lose writes already acknowledged. Here auto-commit is
 *     off and the store is committed after every command that changed it, before the reply goes out. Commands run
 *     one at a time, so every commit is a state between two commands and a unique index never lags its document.
 *     That commit is most of what a write costs: 60 % of the embedded server's worker time in the turn benchmark
 *     ({@code docs/benchmarks.md}, "Turn throughput").</li>
 *   <li><b>A filter naming an {@code _id} reads one document.</b> mongo-java-server uses an index only for a filter
 *     on exactly the index's fields, so every team-scoped or conditional update ({@code {_id, team_id, ...}}) read
 *     and matched every document of its collection, slower with every run stored: those scans were 16 % of the
 *     server's CPU samples in the turn benchmark, and none after. {@code _id: {$in: [...]}}, how a run's turns are
 *     read, goes through the {@code _id} index the same way.</li>
 *   <li><b>Documents are stored as BSON</b> ({@link dev.turnpoint.persistence.embedded.BsonDocumentType}) instead of
 *     through Java serialization, which was the largest single cost of a write: every commit rewrites every document
 *     of the pages it changed. Turns went from 151 to 213 per second, the server's CPU per turn from 10.5 to
 *     7.4 ms.</li>
 *   <li><b>Unique indexes are ordered by value</b> ({@link dev.turnpoint.persistence.embedded.IndexKeyType}), as
 *     MongoDB orders values, instead of by the Java serialization of their keys, which serialized two keys for every
 *     comparison of an index lookup: a fifth of all the embedded server's allocation.</li>
 *   <li><b>The file's space is reclaimed as the store goes.</b> Every commit appends a chunk, and H2 reuses a chunk's
 *     space only once none of its pages is live and its retention time (45 s) has passed. Rewriting the chunks that
 *     keep a page or two live is the job of H2's background writer, which the first change leaves off because it
 *     commits on its own. Without it a load test held one more chunk in memory per commit (50,147 after 8 minutes),
 *     fell from 64 to 11 turns per second with 555 full collections, and grew the data directory by 39-100 KB per
 *     turn (1.9 GB after 27,000 turns); the store benchmark wrote 8.7 times its live data to disk, all of it kept.
 *     Now {@link dev.turnpoint.persistence.embedded.ChunkCompaction} rewrites the sparsest chunks in bounded steps
 *     between two commands, and an empty chunk is reused at once: over 150,000 turn-shaped writes the file stayed
 *     at 1.3-1.5 times the live data and the chunks in proportion to it (5 to 16 per MB), at the price of 40 %
 *     more bytes written. Both are configurable ({@link dev.turnpoint.persistence.PersistenceConfig}). H2 would
 *     also commit in the middle of a command that leaves more unsaved than its write buffer; the buffer is off.</li>
 *   <li><b>The run list reads narrow copies of the runs</b>
 *     ({@link dev.turnpoint.persistence.embedded.CoveringCopy}). Without secondary indexes every page of the run
 *     list, its count and the stale-run reaper decode every run document of several kilobytes; past about 2,000 runs
 *     the soak's full collections ran back to back and its p99 went from 0.2 s to over a second, whatever the rate.
 *     A copy of each run's listed and filtered fields, a few hundred bytes written in the same commit, answers those
 *     queries; only the documents a query returns whole are read. The list's usual filters, a team's runs or a
 *     team's runs of one workflow, newest first, and their totals, go further: an ordered index
 *     ({@link dev.turnpoint.persistence.embedded.RecencyIndex}) counts them in O(log n) and reads the page's runs
 *     only.</li>
 * </ul>
 */
package dev.turnpoint.persistence.embedded;
