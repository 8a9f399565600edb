package dev.turnpoint.deploy.bench;

import dev.turnpoint.deploy.bench.SoakInterval.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The soak's mix of requests against one workflow: {@value #TURN_PERCENT} % turns, {@value #FORK_PERCENT} % forks
 * and the rest reads, either closed-loop (as fast as the server answers, to find its rate) or open-loop (on a fixed
 * schedule, whatever the server's latency).
 *
 * <ul>
 *   <li>A turn goes to a conversation waiting for its user, or starts a new one; a conversation ends (its run stays,
 *       not terminal, as a user leaving it) after {@value #TURNS_PER_CONVERSATION} turns.</li>
 *   <li>A fork is a checkpoint run of a random run the soak made (ended, waiting, or in the middle of a turn) from a
 *       random turn it had committed; the new run then takes up to {@value #TURNS_AFTER_FORK} turns of its own.</li>
 *   <li>Reads take turns: get a random run, list the workflow's runs (first page of {@value #LIST_PAGE_SIZE}), and get
 *       a random run's checkpoint after a random committed turn (the checkpoint-run preview, which reads the
 *       checkpoint and answers its variables and thread positions; the API has no plain read of a checkpoint).</li>
 * </ul>
 * Every answer is checked (status and what it must hold); one that is not as expected is a failure of the period it
 * completes in. All state lives on the one Vert.x context the traffic is driven from.
 */
final class SoakTraffic {

  static final int TURN_PERCENT = 80;
  static final int FORK_PERCENT = 10;
  static final int TURNS_PER_CONVERSATION = 20;
  static final int TURNS_AFTER_FORK = 2;
  static final int LIST_PAGE_SIZE = 20;
  private static final int BODY_SHOWN = 300;

  private final Vertx vertx;
  private final TurnpointApi api;
  private final String workflowId;
  private final AtomicReference<SoakInterval> period;
  /** Fixed seed: every soak sends the same sequence of kinds and picks. */
  private final Random random = new Random(20_240_617L);
  private final ArrayDeque<Conversation> waiting = new ArrayDeque<>();
  private final List<KnownRun> runs = new ArrayList<>();
  private long reads;
  private long inFlight;
  private long sentTurns;
  private Runnable whenIdle;

  /**
   * @param period where each completed request is recorded: the period that is current when it completes
   */
  SoakTraffic(Vertx vertx, TurnpointApi api, String workflowId, AtomicReference<SoakInterval> period) {
    this.vertx = vertx;
    this.api = api;
    this.workflowId = workflowId;
    this.period = period;
  }

  /** A run the soak made, with the turns it is known to have committed. */
  private static final class KnownRun {
    private final String id;
    private int committedTurns;

    KnownRun(String id, int committedTurns) {
      this.id = id;
      this.committedTurns = committedTurns;
    }
  }

  /** A user's conversation: its run (null until the start turn answers) and how many turns it will take. */
  private static final class Conversation {
    private KnownRun run;
    private final int lastTurn;

    Conversation(KnownRun run, int lastTurn) {
      this.run = run;
      this.lastTurn = lastTurn;
    }
  }

  /** How many runs the soak made (conversations and forks). */
  int runCount() {
    return runs.size();
  }

  /**
   * Closed loop on this context: {@code clients} clients, each sending its next request once the previous one was
   * answered, until {@code deadlineNanos}. Completes when all have stopped.
   */
  Future<Void> closedLoop(int clients, long deadlineNanos) {
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Promise<Void> stopped = Promise.promise();
      nextInLoop(deadlineNanos, stopped);
      running.add(stopped.future());
    }
    return Future.join(running).mapEmpty();
  }

  private void nextInLoop(long deadlineNanos, Promise<Void> stopped) {
    long now = System.nanoTime();
    if (now >= deadlineNanos) {
      stopped.complete();
      return;
    }
    send(nextKind(), now).onComplete(done -> nextInLoop(deadlineNanos, stopped));
  }

  /**
   * Open loop on this context: request {@code n} is sent at {@code startNanos + n / perSecond} until
   * {@code endNanos}, whether or not earlier ones were answered, and its latency counts from that time, so time
   * spent waiting for a connection counts too. Completes once every request sent was answered.
   */
  Future<Void> openLoop(double perSecond, long startNanos, long endNanos) {
    Promise<Void> done = Promise.promise();
    double spacingNanos = 1e9 / perSecond;
    long[] sent = {0};
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      long due;
      while ((due = startNanos + (long) (sent[0] * spacingNanos)) <= now && due < endNanos) {
        send(nextKind(), due);
        sent[0]++;
      }
      if (due >= endNanos) {
        vertx.cancelTimer(timer);
        whenIdle = done::tryComplete;
        if (inFlight == 0) {
          done.tryComplete();
        }
      }
    });
    return done.future();
  }

  private Kind nextKind() {
    int roll = random.nextInt(100);
    if (roll < TURN_PERCENT || runs.isEmpty()) {
      return Kind.TURN;
    }
    return roll < TURN_PERCENT + FORK_PERCENT ? Kind.FORK : Kind.READ;
  }

  private Future<Void> send(Kind kind, long sentAtNanos) {
    inFlight++;
    Future<Void> request = switch (kind) {
      case TURN -> turn();
      case FORK -> fork();
      case READ -> read();
    };
    return request.onComplete(done -> {
      inFlight--;
      if (done.succeeded()) {
        period.get().record(kind, System.nanoTime() - sentAtNanos);
      } else {
        period.get().fail(kind, String.valueOf(done.cause().getMessage()));
      }
      if (inFlight == 0 && whenIdle != null) {
        whenIdle.run();
      }
    });
  }

  private Future<Void> turn() {
    Conversation conversation = waiting.poll();
    Conversation taking = conversation != null ? conversation : new Conversation(null, TURNS_PER_CONVERSATION);
    String runId = taking.run == null ? null : taking.run.id;
    long turn = sentTurns++;
    String message = turn % 5 == 1 ? "I would like an appointment next week, please." : "Message " + turn + ".";
    return checked(api.executeTurn(workflowId, runId, message), "turn of " + runId, body -> {
      String answered = body.getString("run_id");
      if (taking.run == null) {
        taking.run = new KnownRun(answered, 0);
        runs.add(taking.run);
      } else if (!taking.run.id.equals(answered)) {
        return "answered run " + answered;
      }
      taking.run.committedTurns++;
      if (taking.run.committedTurns < taking.lastTurn) {
        waiting.add(taking);
      }
      return null;
    });
  }

  private Future<Void> fork() {
    KnownRun source = randomRun();
    int resumeTurnIndex = random.nextInt(source.committedTurns);
    return checked(api.checkpointRun(workflowId, source.id, resumeTurnIndex),
        "fork of " + source.id + " after turn " + resumeTurnIndex, run -> {
          JsonArray pairs = run.getJsonArray("input_output_pairs");
          if (run.getString("id") == null || pairs == null || pairs.size() != resumeTurnIndex + 1) {
            return "not a run with " + (resumeTurnIndex + 1) + " turns";
          }
          KnownRun fork = new KnownRun(run.getString("id"), resumeTurnIndex + 1);
          runs.add(fork);
          int lastTurn = Math.min(TURNS_PER_CONVERSATION, fork.committedTurns + TURNS_AFTER_FORK);
          if (fork.committedTurns < lastTurn) {
            waiting.add(new Conversation(fork, lastTurn));
          }
          return null;
        });
  }

  private Future<Void> read() {
    KnownRun run = randomRun();
    return switch ((int) (reads++ % 3)) {
      case 0 -> getRun(run);
      case 1 -> listRuns();
      default -> getCheckpoint(run);
    };
  }

  private Future<Void> getRun(KnownRun run) {
    int committed = run.committedTurns;
    return checked(api.getRun(run.id), "get run " + run.id, body -> {
      JsonObject envelope = body.getJsonObject("workflow_run");
      JsonObject workflowRun = envelope == null ? null : envelope.getJsonObject("workflow_run");
      JsonArray pairs = workflowRun == null ? null : workflowRun.getJsonArray("input_output_pairs");
      return pairs != null && pairs.size() >= committed ? null : "not a run with at least " + committed + " turns";
    });
  }

  private Future<Void> listRuns() {
    int known = runs.size();
    return checked(api.listRuns(workflowId, LIST_PAGE_SIZE), "list runs", body -> {
      JsonArray page = body.getJsonArray("workflow_runs");
      Long total = body.getLong("total");
      if (page == null || total == null || total < known) {
        return "not a list of at least " + known + " runs";
      }
      return page.size() == Math.min(LIST_PAGE_SIZE, total) ? null : "a page of " + page.size() + " runs";
    });
  }

  private Future<Void> getCheckpoint(KnownRun run) {
    int turnIndex = random.nextInt(run.committedTurns);
    return checked(api.previewCheckpointRun(workflowId, run.id, turnIndex),
        "checkpoint of " + run.id + " after turn " + turnIndex, preview -> {
          Integer turnCount = preview.getInteger("turn_count");
          boolean readable = turnCount != null && turnCount == turnIndex + 1
              && Boolean.TRUE.equals(preview.getBoolean("can_fork"))
              && preview.getJsonArray("threads") != null;
          return readable ? null : "not the checkpoint after turn " + turnIndex;
        });
  }

  private KnownRun randomRun() {
    return runs.get(random.nextInt(runs.size()));
  }

  /**
   * The request, failed unless it answered 200 with a JSON object that {@code problem} finds nothing wrong with
   * (it answers null, or what is wrong).
   */
  private static Future<Void> checked(Future<HttpResponse<Buffer>> request, String what,
                                      Function<JsonObject, String> problem) {
    return request.compose(response -> {
      String body = response.bodyAsString();
      if (response.statusCode() != 200) {
        return Future.failedFuture(what + " answered " + response.statusCode() + ": " + shorten(body));
      }
      String wrong;
      try {
        wrong = problem.apply(new JsonObject(body));
      } catch (RuntimeException notTheExpectedJson) {
        wrong = notTheExpectedJson.toString();
      }
      return wrong == null ? Future.succeededFuture()
          : Future.failedFuture(what + " answered " + wrong + ": " + shorten(body));
    }, failure -> Future.failedFuture(what + " failed: " + failure));
  }

  private static String shorten(String body) {
    return body == null || body.length() <= BODY_SHOWN ? String.valueOf(body) : body.substring(0, BODY_SHOWN) + "…";
  }
}
