package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmAnswer;
import dev.turnpoint.engine.llm.LlmCallKind;
import dev.turnpoint.engine.llm.LlmException;
import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.engine.llm.LlmReply;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmGroupWithBackchannelConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.WorkerLlmNode;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowRunEvaluatorNode;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** {@code say_llm}, {@code worker_llm} and {@code workflow_run_evaluator} (see {@link TurnExecutor}). */
final class LlmNodeRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    LlmNode node = (LlmNode) run.node;
    LlmConfig llm = llmOf(run.turn, node);
    String system = systemPrompt(run.turn, node);
    if (node instanceof WorkflowRunEvaluatorNode evaluator) {
      return evaluate(run, evaluator, llm, system);
    }
    if (node instanceof SayLlmNode) {
      return say(run, node, llm, system);
    }
    return work(run, node, llm, system);
  }

  private static Future<NodeResult> say(NodeRun run, LlmNode node, LlmConfig llm, String system) {
    LlmRequest request = request(run, LlmCallKind.REPLY, system, run.thread.messages, node);
    Future<LlmAnswer> answered = llm instanceof LlmGroupWithBackchannelConfig backchannel
        ? new BackchannelReply(run, node, backchannel).answer(request) : LlmToolUse.answer(run, node, llm, request);
    return answered
        .recover(failure -> {
          if (failure instanceof LlmException e && !e.isConfigurationError()) {
            run.emit(run.event(TurnEventType.WORKFLOW_WARNING).put("message", "the LLM failed, so the node said its "
                + "default_error_message: " + e.getMessage()));
            return Future.succeededFuture(null);
          }
          return Future.failedFuture(failure);
        })
        .compose(answer -> {
          LlmReply reply = answer == null ? null : answer.reply();
          String content = reply == null ? run.render(node.defaultErrorMessage) : reply.content();
          run.say(content, reply == null ? new JsonObject().put("source", "default_error_message")
              : new JsonObject().put("model", reply.model()).put("provider", reply.provider())
                  .put("llm_group", answer.group()),
              answer == null ? null : TurnEvents.usageInfo(answer));
          run.output.put("content", content);
          if (waits(node, run.thread)) {
            return Future.succeededFuture(run.waitForUser());
          }
          return node.structuredOutputSchema == null ? Future.succeededFuture(NodeResult.CONTINUE)
              : extract(run, node, llm, system).map(NodeResult.CONTINUE);
        });
  }

  /**
   * A worker that waits for the user parks first and works once the answer has come ({@link #extractFromAnswer}),
   * so each user message is processed once, and a self-looping worker waits again instead of looping in the turn.
   */
  private static Future<NodeResult> work(NodeRun run, LlmNode node, LlmConfig llm, String system) {
    if (waits(node, run.thread)) {
      return Future.succeededFuture(run.waitForUser());
    }
    if (node.structuredOutputSchema != null) {
      return extract(run, node, llm, system).map(answer -> {
        run.emit(run.event(TurnEventType.WORKER_LLM).put("structured_output", answer.reply().structuredOutput())
            .put("llm_usage_info", TurnEvents.usageInfo(answer)));
        return NodeResult.CONTINUE;
      });
    }
    LlmRequest request = request(run, LlmCallKind.REPLY, system, run.thread.messages, node);
    return LlmToolUse.answer(run, node, llm, request).map(answer -> {
      run.emit(run.event(TurnEventType.WORKER_LLM).put("content", answer.reply().content())
          .put("llm_usage_info", TurnEvents.usageInfo(answer)));
      run.output.put("free_form_output", answer.reply().content());
      return NodeResult.CONTINUE;
    });
  }

  /** The work of a worker that waited, on the user's answer, recorded as a {@code worker_llm} event of its run. */
  private static Future<Void> workOnAnswer(TurnRun turn, ThreadState thread, LlmNode worker, String nodeRunId) {
    LlmConfig llm = llmOf(turn, worker);
    String system = systemPrompt(turn, worker);
    JsonObject event = TurnEvents.nodeEvent(TurnEventType.WORKER_LLM, thread.threadId, worker, nodeRunId);
    if (worker.structuredOutputSchema != null) {
      return structured(turn, thread, worker, llm, system).map(answer -> {
        turn.journal().record(event.put("structured_output", answer.reply().structuredOutput())
            .put("llm_usage_info", TurnEvents.usageInfo(answer)));
        return null;
      });
    }
    LlmRequest request = new LlmRequest(LlmCallKind.REPLY, system, thread.messages, null, null, List.of(),
        worker.logicalId, turn.variables);
    return turn.answerLlm(llm, request).map(answer -> {
      turn.journal().record(event.put("content", answer.reply().content())
          .put("llm_usage_info", TurnEvents.usageInfo(answer)));
      return null;
    });
  }

  private static Future<LlmAnswer> extract(NodeRun run, LlmNode node, LlmConfig llm, String system) {
    return structured(run.turn, run.thread, node, llm, system).map(answer -> {
      run.output.put("structured_output", answer.reply().structuredOutput());
      return answer;
    });
  }

  /**
   * A waiting {@code say_llm} with a {@code structured_output_schema} extracts once the user has answered, before
   * companions and conditions run, so they see what was said; the call is recorded as a {@code say_llm} event of the
   * node run that waited. A waiting {@code worker_llm} does its work at that point.
   */
  static Future<Void> extractFromAnswer(TurnRun turn, ThreadState thread, NodeConfig node, String nodeRunId) {
    if (node instanceof WorkerLlmNode worker && !(node instanceof WorkflowRunEvaluatorNode) && waits(worker, thread)) {
      return workOnAnswer(turn, thread, worker, nodeRunId);
    }
    if (!(node instanceof SayLlmNode sayLlm) || sayLlm.structuredOutputSchema == null || !waits(sayLlm, thread)) {
      return Future.succeededFuture();
    }
    return structured(turn, thread, sayLlm, llmOf(turn, sayLlm), systemPrompt(turn, sayLlm)).map(answer -> {
      turn.journal().record(TurnEvents.nodeEvent(TurnEventType.SAY_LLM, thread.threadId, node, nodeRunId)
          .put("structured_output", answer.reply().structuredOutput())
          .put("llm_usage_info", TurnEvents.usageInfo(answer)));
      return null;
    });
  }

  /** A structured call whose answer's properties become runtime variables; properties left out change nothing. */
  private static Future<LlmAnswer> structured(TurnRun turn, ThreadState thread, LlmNode node, LlmConfig llm,
                                              String system) {
    LlmRequest request = new LlmRequest(LlmCallKind.STRUCTURED, system, thread.messages, node.structuredOutputSchema,
        null, List.of(), node.logicalId, turn.variables);
    return turn.answerLlm(llm, request).map(answer -> {
      answer.reply().structuredOutput().forEach(field -> {
        if (field.getValue() != null) {
          turn.setRuntime(thread, field.getKey(), field.getValue());
        }
      });
      return answer;
    });
  }

  private static boolean waits(LlmNode node, ThreadState thread) {
    return node.waitForUserMessage && !thread.isCompanion();
  }

  private static LlmConfig llmOf(TurnRun turn, LlmNode node) {
    return turn.executor().llm().resolve(node.llmsConfig, turn.graph().workflowConfig.llmsConfig);
  }

  private static Future<NodeResult> evaluate(NodeRun run, WorkflowRunEvaluatorNode node, LlmConfig llm,
                                             String system) {
    Object subject = run.variables().runtime(node.inputRuntimeVariableName);
    List<JsonObject> messages = List.of(LlmMessages.human(subject instanceof String text ? text
        : Json.encode(subject)));
    String outputName = TurnRun.blankToNull(node.outputRuntimeVariableName) != null ? node.outputRuntimeVariableName
        : "evaluator_output_" + node.logicalId.replaceAll("[^A-Za-z0-9]", "");
    return run.turn.answerLlm(llm, request(run, LlmCallKind.STRUCTURED, system, messages, node)).map(answer -> {
      JsonObject output = answer.reply().structuredOutput();
      run.setRuntime(outputName, output);
      run.output.put("structured_output", output).put("free_form_output", (String) null);
      run.emit(run.event(TurnEventType.WORKER_LLM).put("structured_output", output)
          .put("llm_usage_info", TurnEvents.usageInfo(answer)));
      return NodeResult.CONTINUE;
    });
  }

  private static LlmRequest request(NodeRun run, LlmCallKind kind, String system, List<JsonObject> messages,
                                    LlmNode node) {
    return new LlmRequest(kind, system, messages, kind == LlmCallKind.STRUCTURED ? node.structuredOutputSchema : null,
        null, List.of(), node.logicalId, run.variables(),
        kind == LlmCallKind.REPLY ? LlmToolUse.offered(node) : List.of(), List.of());
  }

  /** {@code default_prompt_prefix} + the node's prompt + {@code default_prompt_suffix}, rendered from one budget. */
  private static String systemPrompt(TurnRun turn, LlmNode node) {
    WorkflowConfig workflow = turn.graph().workflowConfig;
    List<String> parts = new ArrayList<>();
    if (!node.ignoreDefaultPromptPrefix) {
      parts.add(workflow.defaultPromptPrefix);
    }
    parts.add(node.mainResponseConfig == null ? null : node.mainResponseConfig.prompt);
    if (!node.ignoreDefaultPromptSuffix) {
      parts.add(workflow.defaultPromptSuffix);
    }
    RenderBudget budget = turn.renderBudget();
    return String.join("\n\n", parts.stream().filter(part -> part != null && !part.isBlank())
        .map(part -> turn.render(part, budget)).toList());
  }
}
