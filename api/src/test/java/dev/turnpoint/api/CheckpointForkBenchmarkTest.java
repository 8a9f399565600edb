package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.TurnCommit;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

import static io.vertx.core.http.HttpMethod.POST;

/**
 * Fork latency against the source's length: sources of 1, 100 and 1,000 turns, each forked at its last turn, 200
 * times through the {@link CheckpointService} (creating the fork) and 200 times over REST (creating it and answering
 * it with every inherited turn, as the contract asks), plus reading a fork back with all its turns, which is what
 * the REST answer costs beyond the fork itself. Prints median, p99 and the ratio of 1,000 turns to 1.
 *
 * <p>The first two turns of each source are real (start, then a user message on the offline intake); the rest are
 * committed straight into the run store as copies of the second, so long sources take seconds to build. Their
 * checkpoint therefore stays the size of the second turn's: what is measured is the cost of the turn count, not of
 * a conversation history that grows with it.
 *
 * <p>Run with {@code mvn -B -o verify -Pbenchmarks -pl api -am}; the figures are in
 * {@code api/target/surefire-reports/dev.turnpoint.api.CheckpointForkBenchmarkTest-output.txt}.
 */
@Tag("benchmark")
@ExtendWith(VertxExtension.class)
class CheckpointForkBenchmarkTest {

  private static final int[] SOURCE_TURNS = {1, 100, 1000};
  private static final int WARM_UP_FORKS = 50;
  private static final int MEASURED_FORKS = 200;

  @Test
  void forkLatencyBySourceLength(Vertx vertx) {
    // A harness measures the server, not a client's allowance.
    ApiFixture api = ApiFixture.start(vertx, new JsonObject().put("rate_limit_per_key", 0));
    String key = api.newTeamAdmin();
    String teamId = api.keys.authenticate(key).await().teamId();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    CheckpointService checkpoints = ServiceProxies.client(vertx, CheckpointService.class, Addresses.CHECKPOINTS);

    Map<Integer, String> sources = new LinkedHashMap<>();
    for (int turns : SOURCE_TURNS) {
      long started = System.nanoTime();
      sources.put(turns, source(api, api.runs, key, teamId, workflowId, turns));
      System.out.printf(Locale.ROOT, "built a source of %d turns in %d ms%n", turns,
          (System.nanoTime() - started) / 1_000_000);
    }

    Map<Integer, IntConsumer> serviceFork = new LinkedHashMap<>();
    Map<Integer, IntConsumer> restFork = new LinkedHashMap<>();
    Map<Integer, IntConsumer> readBack = new LinkedHashMap<>();
    Map<Integer, Integer> answerBytes = new LinkedHashMap<>();
    sources.forEach((turns, sourceId) -> {
      serviceFork.put(turns, i -> checkpoints.executeCheckpointRun(teamId, "bench",
          CheckpointRunRequest.of(workflowId, sourceId, turns - 1)).await());
      restFork.put(turns, i -> {
        HttpResponse<Buffer> response = api.send(POST, "/workflows/v1/workflows/" + workflowId + "/runs/" + sourceId
            + "/checkpoint-run", key, new JsonObject().put("resume_turn_index", turns - 1));
        if (response.statusCode() != 200) {
          throw new AssertionError("fork answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        answerBytes.put(turns, response.body().length());
      });
      String forkId = checkpoints.executeCheckpointRun(teamId, "bench",
          CheckpointRunRequest.of(workflowId, sourceId, turns - 1)).await().runId();
      readBack.put(turns, i -> api.runs.getRun(teamId, forkId).await());
    });
    measureInTurn(serviceFork, WARM_UP_FORKS);
    measureInTurn(restFork, WARM_UP_FORKS);
    measureInTurn(readBack, WARM_UP_FORKS);

    System.out.println();
    System.out.printf(Locale.ROOT, "Checkpoint fork latency, %d forks per source, forked at its last turn%n",
        MEASURED_FORKS);
    report("CheckpointService.executeCheckpointRun (creates the fork)", serviceFork, " (target <= 1.5)");
    report("POST .../checkpoint-run over HTTP (creates it, answers every inherited turn)", restFork, "");
    answerBytes.forEach((turns, bytes) -> System.out.printf(Locale.ROOT,
        "  answer for a source of %d turns: %d KiB%n", turns, bytes / 1024));
    System.out.println();
    report("RunStore.getRun of a fork (reading it back with every inherited turn)", readBack, "");
  }

  private static void report(String what, Map<Integer, IntConsumer> operations, String target) {
    System.out.println(what);
    System.out.printf(Locale.ROOT, "  %12s %12s %12s%n", "source turns", "median ms", "p99 ms");
    Map<Integer, double[]> figures = new LinkedHashMap<>();
    measureInTurn(operations, MEASURED_FORKS).forEach((turns, nanos) -> {
      double[] medianAndP99 = {percentile(nanos, 50), percentile(nanos, 99)};
      figures.put(turns, medianAndP99);
      System.out.printf(Locale.ROOT, "  %12d %12.2f %12.2f%n", turns, medianAndP99[0], medianAndP99[1]);
    });
    int shortest = SOURCE_TURNS[0];
    int longest = SOURCE_TURNS[SOURCE_TURNS.length - 1];
    System.out.printf(Locale.ROOT, "  median ratio %d:%d turns = %.2f%s%n%n", longest, shortest,
        figures.get(longest)[0] / figures.get(shortest)[0], target);
  }

  /**
   * Runs each operation {@code times} times, taking the source lengths in turn, so a machine that gets busier or
   * quieter meanwhile weighs on every length alike.
   */
  private static Map<Integer, long[]> measureInTurn(Map<Integer, IntConsumer> operations, int times) {
    Map<Integer, long[]> nanos = new LinkedHashMap<>();
    operations.keySet().forEach(turns -> nanos.put(turns, new long[times]));
    for (int i = 0; i < times; i++) {
      for (Map.Entry<Integer, IntConsumer> operation : operations.entrySet()) {
        long started = System.nanoTime();
        operation.getValue().accept(i);
        nanos.get(operation.getKey())[i] = System.nanoTime() - started;
      }
    }
    return nanos;
  }

  /** The nearest-rank percentile, in milliseconds. */
  private static double percentile(long[] nanos, int percent) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
  }

  /** A run of the intake with {@code turns} turns, waiting for the user after the last one. */
  private static String source(ApiFixture api, RunStore runs, String key, String teamId, String workflowId,
                               int turns) {
    String runId = CheckpointRunRoutesTest.turn(api, key, workflowId, null, "start").getString("run_id");
    if (turns == 1) {
      return runId;
    }
    CheckpointRunRoutesTest.turn(api, key, workflowId, runId, "data", "hi");
    RunRecord played = runs.getRun(teamId, runId).await();
    WorkflowRunInputOutputPair pair = played.document().workflowRun.inputOutputPairs.get(1);
    JsonObject checkpoint = played.lastCheckpoint();
    for (int index = 2; index < turns; index++) {
      String lease = Ids.randomToken(8);
      runs.beginTurn(teamId, runId, LeaseRequest.holdingNothing(lease, 30_000)).await();
      runs.commitTurn(teamId, runId, new TurnCommit(lease, index, pair, checkpoint.copy().put("turn_index", index),
          WorkflowStatus.WAITING_FOR_USER_INPUT, null, played.document().workflowRun.llmTokenUsage,
          played.document().workflowRun.llmLatencyStats, null, null, null)).await();
    }
    return runId;
  }
}
