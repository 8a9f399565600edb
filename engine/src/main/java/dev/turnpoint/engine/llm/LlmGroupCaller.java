package dev.turnpoint.engine.llm;

import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmGroupConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Calls an {@code llm_group} (see {@link LlmGroupConfig}): its members in preferred order, raced or fallen back
 * across.
 *
 * <ul>
 *   <li>{@code parallel_select_one} starts every member at once; {@code sequential_with_proactive} starts the first,
 *       and the rest at once when it has not answered within {@code min_patience_time_ms}.</li>
 *   <li>A member that fails gives way: in sequential mode the next member starts right away.</li>
 *   <li>An answer is taken as soon as no more preferred member can still answer, else once
 *       {@code min_patience_time_ms} (default 1500) has passed: then the most preferred answer so far wins, or the
 *       first to come.</li>
 *   <li>With {@code max_patience_time_ms}, when nobody has answered by then the call fails as unavailable; it also
 *       fails when every member failed (as a configuration error when every failure was one).</li>
 * </ul>
 * The answer lists every member reply received by the time it was chosen, for usage; calls still under way then are
 * not waited for and their usage is not counted. Timers run on the caller's Vert.x context, so a group must be called
 * on one (engine turns always are).
 */
public final class LlmGroupCaller {

  private final BiFunction<LlmConfig, LlmRequest, Future<LlmAnswer>> member;

  /** {@code member} calls one member (a single LLM, resolved: no {@code global_default_llm}). */
  public LlmGroupCaller(BiFunction<LlmConfig, LlmRequest, Future<LlmAnswer>> member) {
    this.member = member;
  }

  public Future<LlmAnswer> call(LlmGroupConfig group, LlmRequest request) {
    if (group.llms == null || group.llms.isEmpty() || group.llms.contains(null)) {
      return Future.failedFuture(LlmException.configuration("llm_group " + group.logicalId + " of node "
          + request.nodeLogicalId() + " has no llms (or an empty entry)"));
    }
    Context context = Vertx.currentContext();
    if (context == null) {
      return Future.failedFuture(LlmException.configuration("an llm_group can only be called on a Vert.x context"));
    }
    return new Race(group, request, context).start();
  }

  /** One call of a group: which members started, answered or failed, and the patience timers. */
  private final class Race {
    private final LlmGroupConfig group;
    private final LlmRequest request;
    private final Context context;
    private final boolean parallel;
    private final LlmAnswer[] answers;
    private final Throwable[] failures;
    private final boolean[] started;
    private final List<LlmReply> calls = new ArrayList<>();
    private final Promise<LlmAnswer> result = Promise.promise();
    private boolean patienceOver;
    private boolean done;
    private long minTimer = -1;
    private long maxTimer = -1;

    Race(LlmGroupConfig group, LlmRequest request, Context context) {
      this.group = group;
      this.request = request;
      this.context = context;
      this.parallel = group.operationMode == LlmGroupConfig.OperationMode.PARALLEL_SELECT_ONE;
      int size = group.llms.size();
      this.answers = new LlmAnswer[size];
      this.failures = new Throwable[size];
      this.started = new boolean[size];
    }

    Future<LlmAnswer> start() {
      Vertx vertx = context.owner();
      long min = group.minPatienceTimeMs == null ? LlmGroupConfig.DEFAULT_MIN_PATIENCE_MS
          : Math.max(0, group.minPatienceTimeMs);
      minTimer = vertx.setTimer(Math.max(1, min), id -> onContext(this::patienceOver));
      if (group.maxPatienceTimeMs != null && group.maxPatienceTimeMs > 0) {
        maxTimer = vertx.setTimer(group.maxPatienceTimeMs, id -> onContext(this::giveUp));
      }
      if (parallel) {
        for (int i = 0; i < started.length && !done; i++) {
          launch(i);
        }
      } else {
        launch(0);
      }
      return result.future();
    }

    private void launch(int index) {
      started[index] = true;
      Future<LlmAnswer> call;
      try {
        call = member.apply(group.llms.get(index), request);
      } catch (RuntimeException e) {
        call = Future.failedFuture(e);
      }
      call.onComplete(outcome -> onContext(() -> {
        if (outcome.succeeded()) {
          answers[index] = outcome.result();
          if (!done) {
            calls.addAll(outcome.result().calls());
          }
        } else {
          failures[index] = outcome.cause();
          if (!done && !parallel) {
            launchNext();
          }
        }
        decide();
      }));
    }

    private void launchNext() {
      for (int i = 0; i < started.length; i++) {
        if (!started[i]) {
          launch(i);
          return;
        }
      }
    }

    private void patienceOver() {
      if (done) {
        return;
      }
      patienceOver = true;
      for (int i = 0; i < started.length && !done; i++) {
        if (!started[i]) {
          launch(i);
        }
      }
      decide();
    }

    private void decide() {
      if (done) {
        return;
      }
      int best = best();
      if (best >= 0) {
        if (patienceOver || !morePreferredMayAnswer(best)) {
          finish(best);
        }
        return;
      }
      for (Throwable failure : failures) {
        if (failure == null) {
          return;
        }
      }
      fail(allFailed());
    }

    private int best() {
      for (int i = 0; i < answers.length; i++) {
        if (answers[i] != null) {
          return i;
        }
      }
      return -1;
    }

    private boolean morePreferredMayAnswer(int index) {
      for (int i = 0; i < index; i++) {
        if (failures[i] == null) {
          return true;
        }
      }
      return false;
    }

    private void giveUp() {
      if (done) {
        return;
      }
      int best = best();
      if (best >= 0) {
        finish(best);
        return;
      }
      fail(LlmException.unavailable("no LLM of llm_group " + group.logicalId + " answered within "
          + group.maxPatienceTimeMs + " ms (max_patience_time_ms)", null));
    }

    private void finish(int index) {
      done = true;
      cancelTimers();
      LlmReply reply = answers[index].reply();
      LlmConfig chosen = group.llms.get(index);
      JsonArray called = new JsonArray();
      for (int i = 0; i < started.length; i++) {
        if (started[i]) {
          called.add(group.llms.get(i).logicalId);
        }
      }
      JsonObject info = new JsonObject().put("logical_id", group.logicalId)
          .put("operation_mode", parallel ? "parallel_select_one" : "sequential_with_proactive")
          .put("member_index", index).put("member_logical_id", chosen.logicalId).put("model", reply.model())
          .put("provider", reply.provider()).put("called", called);
      result.complete(new LlmAnswer(reply, calls, info));
    }

    private void fail(LlmException failure) {
      done = true;
      cancelTimers();
      result.fail(failure);
    }

    private LlmException allFailed() {
      StringBuilder message = new StringBuilder("every LLM of llm_group " + group.logicalId + " failed:");
      boolean allConfiguration = true;
      for (int i = 0; i < failures.length; i++) {
        Throwable failure = failures[i];
        allConfiguration &= failure instanceof LlmException e && e.isConfigurationError();
        message.append(" [").append(i).append("] ").append(failure.getMessage()).append(';');
      }
      String text = message.substring(0, message.length() - 1);
      return allConfiguration ? LlmException.configuration(text) : LlmException.unavailable(text, failures[0]);
    }

    private void cancelTimers() {
      context.owner().cancelTimer(minTimer);
      if (maxTimer >= 0) {
        context.owner().cancelTimer(maxTimer);
      }
    }

    private void onContext(Runnable action) {
      if (Vertx.currentContext() == context) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }
  }
}
