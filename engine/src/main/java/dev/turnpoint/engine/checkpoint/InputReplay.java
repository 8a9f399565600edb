package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.checkpoint.CheckpointReplay;
import dev.turnpoint.service.checkpoint.ReplayInput;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends a source run's later inputs to a new run, one turn each, through the engine like any client's turn. Each
 * input goes as it was sent to the source (variables, messages, start node), except that {@code resume} goes as
 * {@code data}: the new run is not paused, and a resume without a message would run no turn and shift every later
 * input by one. The replay stops early when the new run ends, a turn is refused, or a turn does not get the source
 * turn's index.
 */
final class InputReplay {

  private final EngineService engine;

  InputReplay(EngineService engine) {
    this.engine = engine;
  }

  /** What a replay of the source's turns after {@code resumeTurnIndex} sends. */
  static List<ReplayInput> inputs(List<WorkflowRunInputOutputPair> laterTurns, int resumeTurnIndex) {
    List<ReplayInput> inputs = new ArrayList<>(laterTurns.size());
    for (int i = 0; i < laterTurns.size(); i++) {
      WorkflowRunInput input = inputOf(laterTurns.get(i));
      inputs.add(new ReplayInput(resumeTurnIndex + 1 + i, input.command.wire(), input.userMessages()));
    }
    return inputs;
  }

  Future<CheckpointReplay> replay(String teamId, String userId, String workflowId, String runId,
                                  List<WorkflowRunInputOutputPair> laterTurns, int resumeTurnIndex) {
    return next(teamId, userId, workflowId, runId, laterTurns, resumeTurnIndex, 0, new ArrayList<>());
  }

  private Future<CheckpointReplay> next(String teamId, String userId, String workflowId, String runId,
                                        List<WorkflowRunInputOutputPair> laterTurns, int resumeTurnIndex, int position,
                                        List<Integer> sent) {
    if (position == laterTurns.size()) {
      return Future.succeededFuture(new CheckpointReplay(List.copyOf(sent), 0, null));
    }
    int sourceTurnIndex = resumeTurnIndex + 1 + position;
    WorkflowRunInput input = inputOf(laterTurns.get(position));
    input.workflowRunId = runId;
    input.workflowId = workflowId;
    input.teamId = teamId;
    return engine.executeTurn(teamId, userId, workflowId, runId, null, input).transform(done -> {
      int remaining = laterTurns.size() - position - 1;
      if (done.failed()) {
        return Future.succeededFuture(new CheckpointReplay(List.copyOf(sent), remaining + 1,
            "the input of source turn " + sourceTurnIndex + " was refused: "
                + ServiceException.from(done.cause()).getMessage()));
      }
      if (done.result().turnNumber != sourceTurnIndex + 1) {
        return Future.succeededFuture(new CheckpointReplay(List.copyOf(sent), remaining + 1,
            "the input of source turn " + sourceTurnIndex + " ran no turn on the new run"));
      }
      sent.add(sourceTurnIndex);
      if (done.result().isCompleted && remaining > 0) {
        return Future.succeededFuture(new CheckpointReplay(List.copyOf(sent), remaining,
            "the new run ended (" + done.result().status.wire() + ") at turn " + sourceTurnIndex));
      }
      return next(teamId, userId, workflowId, runId, laterTurns, resumeTurnIndex, position + 1, sent);
    });
  }

  private static WorkflowRunInput inputOf(WorkflowRunInputOutputPair pair) {
    WorkflowRunInput input = pair.runInput == null ? new WorkflowRunInput()
        : Json.copy(pair.runInput, WorkflowRunInput.class);
    if (input.command == null) {
      input.command = RunCommand.START;
    } else if (input.command == RunCommand.RESUME) {
      input.command = RunCommand.DATA;
    }
    input.initialState = null;
    return input;
  }
}
