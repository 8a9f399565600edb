package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmAnswer;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.engine.llm.LlmTool;
import dev.turnpoint.engine.llm.LlmToolCall;
import dev.turnpoint.engine.llm.LlmToolRound;
import dev.turnpoint.engine.turn.ToolNodeRunner.ToolResult;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.ToolConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The tools of an LLM node's {@code tools_config}, offered on its reply calls: when the LLM asks for some, each runs
 * as a {@code tool_node} would run it ({@link ToolNodeRunner#execute}), its result goes back to the LLM, and the LLM
 * is asked again, until it answers with text, for at most {@value #MAX_ROUNDS} rounds in one node run. A tool that
 * fails, or a name the node does not have, gives the LLM an error to read; the run goes on. Every call is listed
 * in the node run's output under {@code tool_calls} ({@code name}, {@code arguments}, {@code result},
 * {@code error}). Every hosted provider takes tools in its own protocol (chat completions, the Responses API,
 * Anthropic's Messages, Gemini, Bedrock's Converse); Anthropic with extended thinking and the offline provider are
 * asked without them.
 */
final class LlmToolUse {

  /** Rounds of tool calls one node run may make before its LLM must answer. */
  static final int MAX_ROUNDS = 5;

  private final NodeRun run;
  private final LlmNode node;
  private final LlmConfig llm;
  private final JsonArray made = new JsonArray();

  private LlmToolUse(NodeRun run, LlmNode node, LlmConfig llm) {
    this.run = run;
    this.node = node;
    this.llm = llm;
  }

  /** The tools {@code node} offers its LLM: those of its {@code tools_config} with a name. */
  static List<LlmTool> offered(LlmNode node) {
    List<LlmTool> tools = new ArrayList<>();
    for (ToolConfig tool : configured(node)) {
      if (tool.name != null && !tool.name.isBlank() && tool.type != null) {
        tools.add(new LlmTool(tool.name, tool.description != null ? tool.description : tool.signature,
            tool.argsSchema));
      }
    }
    return tools;
  }

  /** The reply to {@code request}, after every tool the LLM asks for on the way has run. */
  static Future<LlmAnswer> answer(NodeRun run, LlmNode node, LlmConfig llm, LlmRequest request) {
    if (request.tools().isEmpty()) {
      return run.turn.answerLlm(llm, request);
    }
    LlmToolUse use = new LlmToolUse(run, node, llm);
    return use.round(request, 0).onSuccess(answer -> run.output.put("tool_calls", use.made));
  }

  private Future<LlmAnswer> round(LlmRequest request, int round) {
    return run.turn.answerLlm(llm, request).compose(answer -> {
      List<LlmToolCall> calls = answer.reply().toolCalls();
      if (calls.isEmpty()) {
        return Future.succeededFuture(answer);
      }
      if (round >= MAX_ROUNDS) {
        run.output.put("tool_calls", made);
        return Future.failedFuture(new WorkflowExecutionException(GraphIndex.describe(node) + "'s LLM still asked "
            + "for tools after " + MAX_ROUNDS + " rounds of tool calls in one node run"));
      }
      return callAll(calls).compose(results -> round(request.withRound(new LlmToolRound(calls, results)),
          round + 1));
    });
  }

  /** Runs the calls one after the other, in the order asked; the results are the texts the LLM reads. */
  private Future<List<String>> callAll(List<LlmToolCall> calls) {
    List<String> results = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (LlmToolCall call : calls) {
      chain = chain.compose(done -> call(call).map(result -> {
        results.add(result);
        return null;
      }));
    }
    return chain.map(done -> results);
  }

  private Future<String> call(LlmToolCall call) {
    ToolConfig tool = configured(node).stream().filter(t -> call.name().equals(t.name)).findFirst().orElse(null);
    Future<ToolResult> result;
    if (tool == null || tool.type == null) {
      result = Future.succeededFuture(new ToolResult(null, "there is no tool named '" + call.name() + "'"));
    } else {
      try {
        result = ToolNodeRunner.execute(run, tool, call.arguments(), run.renderBudget(),
            GraphIndex.describe(node) + "'s tool '" + tool.name + "'");
      } catch (WorkflowExecutionException cannotRun) {
        result = Future.succeededFuture(new ToolResult(null, cannotRun.getMessage()));
      }
    }
    return result.map(done -> {
      made.add(new JsonObject().put("name", call.name()).put("arguments", call.arguments())
          .put("result", done.value()).put("error", done.error()));
      JsonObject read = done.error() == null ? new JsonObject().put("result", done.value())
          : new JsonObject().put("error", done.error());
      return read.encode();
    });
  }

  private static List<ToolConfig> configured(LlmNode node) {
    return node.toolsConfig == null || node.toolsConfig.tools == null ? List.of() : node.toolsConfig.tools;
  }
}
