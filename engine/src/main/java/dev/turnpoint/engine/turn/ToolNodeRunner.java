package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCall;
import dev.turnpoint.engine.http.HttpResult;
import dev.turnpoint.engine.http.InbuiltTools;
import dev.turnpoint.engine.sandbox.PythonSandbox;
import dev.turnpoint.model.workflow.ToolConfig;
import dev.turnpoint.model.workflow.ToolNode;
import dev.turnpoint.model.expression.RenderBudget;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tool_node}: runs its tool with {@code tool_arguments} rendered (with {@code preserve_argument_types}, an
 * argument that is exactly one placeholder keeps the variable's type).
 * <ul>
 *   <li>{@code external_api}: an HTTP call to the rendered {@code api_endpoint} with {@code api_method} (default
 *       POST) and rendered {@code api_headers}; GET and DELETE send the arguments as query parameters, the other
 *       methods send {@code api_body} with the arguments merged over it as JSON. The result is
 *       {@code {status_code, body}}.</li>
 *   <li>{@code inbuilt_function}: one of {@link InbuiltTools}; an unknown one fails the run.</li>
 *   <li>{@code inline_python}: the function of {@code code} named {@code name} (or the code's only function) is called
 *       with the arguments as keyword arguments in the {@link PythonSandbox}, after {@code {{ }}} and {@code [[ ]]}
 *       placeholders in the code are replaced (unless {@code allow_code_variable_substitution} is false); the
 *       result is what it returns. Raising, breaking a sandbox limit or returning something that is not JSON is a
 *       tool failure. {@code timeout_seconds} can shorten the sandbox's wall-clock limit, not lengthen it.</li>
 *   <li>{@code knowledge_base}: not supported; the run fails saying so.</li>
 * </ul>
 * The result goes into the node's {@code result_runtime_variable_name} (and, with the tool's
 * {@code expand_result_into_runtime_variables}, each field of an object result into its own variable). A tool that
 * fails (no response, an error status, bad arguments) is recorded with {@code success: false} and the run goes on.
 */
final class ToolNodeRunner implements NodeRunner {

  private static final long DEFAULT_TIMEOUT_MS = 30_000;

  @Override
  public Future<NodeResult> run(NodeRun run) {
    ToolNode node = (ToolNode) run.node;
    ToolConfig tool = node.toolConfig;
    if (tool == null || tool.type == null) {
      throw new WorkflowExecutionException("tool_node " + GraphIndex.describe(node)
          + " has no tool_config with a type");
    }
    RenderBudget budget = run.renderBudget();
    JsonObject arguments = JsonTemplates.renderObject(node.toolArguments, run.variables(),
        node.preserveArgumentTypes, budget);
    run.output.put("tool_name", tool.name).put("tool_arguments", arguments);
    Future<ToolResult> result = execute(run, tool, arguments, budget, "tool_node " + GraphIndex.describe(node));
    return result.map(done -> {
      String variable = TurnRun.blankToNull(node.resultRuntimeVariableName) != null
          ? node.resultRuntimeVariableName : tool.resultRuntimeVariableName;
      run.setRuntime(variable, done.value());
      if (Boolean.TRUE.equals(tool.expandResultIntoRuntimeVariables) && done.value() instanceof JsonObject object) {
        object.forEach(field -> run.setRuntime(field.getKey(), field.getValue()));
      }
      run.output.put("success", done.error() == null).put("tool_result", done.value())
          .put("error_message", done.error());
      return NodeResult.CONTINUE;
    });
  }

  /** What a tool gave back: its value, or why it failed (the run goes on). */
  record ToolResult(Object value, String error) {
  }

  /**
   * Runs {@code tool} with {@code arguments} for {@code owner} (how failures name who ran it): a tool node, or an
   * LLM node that called one of its tools.
   */
  static Future<ToolResult> execute(NodeRun run, ToolConfig tool, JsonObject arguments, RenderBudget budget,
                                    String owner) {
    return switch (tool.type) {
      case EXTERNAL_API -> callApi(run, tool, arguments, budget);
      case INBUILT_FUNCTION -> Future.succeededFuture(callInbuilt(owner, tool, arguments));
      case INLINE_PYTHON -> callPython(run, tool, arguments);
      case KNOWLEDGE_BASE -> throw new WorkflowExecutionException(owner + " uses a tool of type '"
          + tool.type.wire() + "', which Turnpoint cannot run; use external_api, inline_python or inbuilt_function ("
          + String.join(", ", InbuiltTools.NAMES) + ")");
    };
  }

  private static Future<ToolResult> callApi(NodeRun run, ToolConfig tool, JsonObject arguments,
                                            RenderBudget budget) {
    String method = tool.apiMethod == null ? "POST" : tool.apiMethod.toUpperCase(Locale.ROOT);
    Map<String, String> headers = JsonTemplates.renderStrings(tool.apiHeaders, run.variables(), budget);
    Map<String, String> query = new LinkedHashMap<>();
    HttpCall.BodyKind kind = HttpCall.BodyKind.NONE;
    JsonObject body = null;
    if (method.equals("GET") || method.equals("DELETE")) {
      arguments.forEach(argument -> query.put(argument.getKey(), argument.getValue() instanceof String text ? text
          : Json.encode(argument.getValue())));
    } else {
      kind = HttpCall.BodyKind.JSON;
      body = JsonTemplates.renderObject(tool.apiBody, run.variables(), true, budget).mergeIn(arguments);
    }
    long timeout = tool.timeoutSeconds != null && tool.timeoutSeconds > 0 ? tool.timeoutSeconds * 1000L
        : DEFAULT_TIMEOUT_MS;
    HttpCall call = new HttpCall(method, run.render(tool.apiEndpoint, budget).strip(), headers, query, kind, body,
        timeout, "json");
    return run.turn.executor().http().call(call).map(result -> {
      run.output.put("curl_command", result.curlCommand());
      JsonObject value = new JsonObject().put("status_code", result.statusCode()).put("body", result.body());
      return new ToolResult(value, error(result));
    });
  }

  private static String error(HttpResult result) {
    if (result.error() != null) {
      return result.error();
    }
    return result.success() ? null : "the API answered HTTP " + result.statusCode();
  }

  private static Future<ToolResult> callPython(NodeRun run, ToolConfig tool, JsonObject arguments) {
    String code = tool.code == null ? "" : tool.code;
    if (!Boolean.FALSE.equals(tool.allowCodeVariableSubstitution)) {
      code = run.render(code);
    }
    long timeout = tool.timeoutSeconds != null && tool.timeoutSeconds > 0 ? tool.timeoutSeconds * 1000L : 0;
    return run.turn.executor().python().call(code, tool.name, arguments, timeout)
        .map(answer -> new ToolResult(answer.value(), answer.error()));
  }

  private static ToolResult callInbuilt(String owner, ToolConfig tool, JsonObject arguments) {
    String name = TurnRun.blankToNull(tool.configurableKey) != null ? tool.configurableKey : tool.name;
    if (name == null || !InbuiltTools.isKnown(name)) {
      throw new WorkflowExecutionException(owner + " asks for inbuilt function '"
          + name + "', which Turnpoint does not have; it has " + String.join(", ", InbuiltTools.NAMES));
    }
    try {
      return new ToolResult(InbuiltTools.call(name, arguments, tool.extraConfig), null);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new ToolResult(null, e.getMessage());
    }
  }
}
