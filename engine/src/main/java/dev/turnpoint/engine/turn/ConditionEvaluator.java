package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmCallKind;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.model.expression.ConditionExpression;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;

import java.util.List;

/**
 * Decides whether the condition of a conditional edge or a global node holds. A {@code condition_expression} is
 * evaluated here against the run's variables; otherwise a {@code condition_freeform} question is rendered and put to
 * the LLM, which answers yes or no (a {@code condition_evaluator_llm} event records the decision). A condition with
 * neither never holds.
 */
final class ConditionEvaluator {

  private final TurnRun turn;

  ConditionEvaluator(TurnRun turn) {
    this.turn = turn;
  }

  /**
   * @param condition the condition, or null (never holds)
   * @param key       what the condition belongs to (the edge's or global node's logical id), told to the LLM
   * @param nodeLlm   the LLM settings of the node the condition is evaluated for, or null for the workflow's
   * @param thread    the thread whose conversation the LLM judges
   * @param what      how an error names the condition's owner, e.g. {@code edge 'Urgent' (edge_urgent)}
   * @throws WorkflowExecutionException when the expression cannot be parsed or evaluated
   */
  Future<Boolean> holds(ConditionConfig condition, String key, LlmConfig nodeLlm, ThreadState thread, String what) {
    if (condition == null) {
      return Future.succeededFuture(false);
    }
    if (TurnRun.blankToNull(condition.conditionExpression) != null) {
      try {
        return Future.succeededFuture(ConditionExpression.parse(condition.conditionExpression).test(turn.variables));
      } catch (RuntimeException e) {
        throw new WorkflowExecutionException(what + " has a condition_expression that cannot be evaluated ("
            + condition.conditionExpression + "): " + e.getMessage(), e);
      }
    }
    if (TurnRun.blankToNull(condition.conditionFreeform) == null) {
      return Future.succeededFuture(false);
    }
    String question = turn.render(condition.conditionFreeform);
    LlmConfig llm = turn.executor().llm().resolve(nodeLlm, turn.graph().workflowConfig.llmsConfig);
    LlmRequest request = new LlmRequest(LlmCallKind.DECISION, "", thread.messages, null, question,
        List.of(key, condition.conditionFreeform, question), key, turn.variables);
    return turn.answerLlm(llm, request).map(answer -> {
      boolean decision = Boolean.TRUE.equals(answer.reply().decision());
      turn.journal().record(TurnEvents.workflowEvent(TurnEventType.CONDITION_EVALUATOR_LLM, thread.threadId)
          .put("condition_key", key).put("condition", question).put("decision", decision)
          .put("llm_usage_info", TurnEvents.usageInfo(answer)));
      return decision;
    });
  }
}
