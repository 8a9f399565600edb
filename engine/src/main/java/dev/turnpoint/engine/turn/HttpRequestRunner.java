package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCall;
import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.HttpParameters;
import dev.turnpoint.model.workflow.HttpRequestNode;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code http_request}: a real HTTP call. URL, headers, query parameters and body are rendered first; a body is sent
 * when {@code body_parameters} is not empty and the method is not GET or HEAD, encoded per
 * {@code body_content_type}: {@code json} / {@code application/json} (a value that is exactly one placeholder keeps
 * its type), {@code form} / {@code application/x-www-form-urlencoded}, {@code multipart} /
 * {@code multipart/form-data}, or {@code text} / {@code text/plain} (the rendered {@code body_parameters.text}, or the
 * rendered text when the parameters are text).
 *
 * <p>{@code query_parameters} and {@code body_parameters} are objects or, as the Interactly SDK sends them, JSON text:
 * the text's placeholders are substituted first, then it is parsed, and text that is not a JSON object fails the run
 * with a {@code workflow_error} naming the node and the field. An {@code http_request} node run input of the turn
 * ({@code type} {@code http_request}, for this node or without a node id) with an {@code override_url} replaces
 * {@code url}; the outbound policy applies to it alike.
 *
 * <p>{@code timeout} is in seconds (0 = 30). The result {@code {status_code, headers, body}} goes into
 * {@code result_runtime_variable_name}; when there is no response it is
 * {@code {status_code: null, headers: null, body: null, error}}. Neither a failure nor an error status fails the run:
 * the workflow branches on the result.
 */
final class HttpRequestRunner implements NodeRunner {

  private static final List<String> WITHOUT_BODY = List.of("GET", "HEAD");
  private static final double DEFAULT_TIMEOUT_SECONDS = 30;
  private static final double MAX_TIMEOUT_SECONDS = 300;
  private static final String OVERRIDE_URL = "override_url";

  @Override
  public Future<NodeResult> run(NodeRun run) {
    HttpRequestNode node = (HttpRequestNode) run.node;
    String method = node.method == null ? "GET" : node.method.toUpperCase(Locale.ROOT);
    HttpCall.BodyKind kind = HttpCall.BodyKind.NONE;
    RenderBudget budget = run.renderBudget();
    Object body = null;
    if (!WITHOUT_BODY.contains(method) && node.bodyParameters != null) {
      kind = bodyKind(node.bodyContentType);
      body = body(run, node, kind, budget);
      if (body == null) {
        kind = HttpCall.BodyKind.NONE;
      }
    }
    Map<String, String> query = query(run, node, budget);
    double seconds = node.timeout <= 0 ? DEFAULT_TIMEOUT_SECONDS : Math.min(node.timeout, MAX_TIMEOUT_SECONDS);
    String url = run.render(url(run, node), budget).strip();
    Map<String, String> headers = JsonTemplates.renderStrings(node.headers, run.variables(), budget);
    HttpCall call = new HttpCall(method, url, headers, query, kind, body, Math.round(seconds * 1000),
        node.responseFormat);
    return run.turn.executor().http().call(call).map(result -> {
      run.setRuntime(node.resultRuntimeVariableName, result.toVariable());
      run.emit(run.event(TurnEventType.HTTP_REQUEST).put("method", method).put("url", url)
          .put("status_code", result.statusCode()).put("success", result.success())
          .put("error_message", result.error()).put("duration_milliseconds", result.durationMs()));
      run.output.put("curl_command", result.curlCommand()).put("success", result.success())
          .put("http_status_code", result.statusCode()).put("http_response", result.body())
          .put("error_message", result.error());
      return NodeResult.CONTINUE;
    });
  }

  private static HttpCall.BodyKind bodyKind(String contentType) {
    return switch (contentType == null ? "json" : contentType.toLowerCase(Locale.ROOT)) {
      case "form", "application/x-www-form-urlencoded" -> HttpCall.BodyKind.FORM;
      case "multipart", "multipart/form-data" -> HttpCall.BodyKind.MULTIPART;
      case "text", "text/plain" -> HttpCall.BodyKind.TEXT;
      default -> HttpCall.BodyKind.JSON;
    };
  }

  /** The rendered body, or null when there is none to send. */
  private static Object body(NodeRun run, HttpRequestNode node, HttpCall.BodyKind kind, RenderBudget budget) {
    HttpParameters parameters = node.bodyParameters;
    if (kind == HttpCall.BodyKind.TEXT) {
      if (parameters.text() != null) {
        return parameters.text().isBlank() ? null : run.render(parameters.text(), budget);
      }
      JsonObject object = parameters.object();
      return object.isEmpty() ? null
          : run.render(object.getValue("text") instanceof String text ? text : object.encode(), budget);
    }
    JsonObject rendered = rendered(run, parameters, "body_parameters", kind == HttpCall.BodyKind.JSON, budget);
    return rendered.isEmpty() ? null : rendered;
  }

  private static Map<String, String> query(NodeRun run, HttpRequestNode node, RenderBudget budget) {
    Map<String, String> query = new LinkedHashMap<>();
    if (node.queryParameters == null) {
      return query;
    }
    rendered(run, node.queryParameters, "query_parameters", false, budget).forEach(entry -> query.put(entry.getKey(),
        entry.getValue() == null ? "" : entry.getValue() instanceof String text ? text : String.valueOf(
            entry.getValue())));
    return query;
  }

  /** An object's string leaves rendered, or the text rendered and then parsed as a JSON object. */
  private static JsonObject rendered(NodeRun run, HttpParameters parameters, String field, boolean preserveTypes,
                                     RenderBudget budget) {
    if (parameters.text() == null) {
      return JsonTemplates.renderObject(parameters.object(), run.variables(), preserveTypes, budget);
    }
    String text = run.render(parameters.text(), budget).strip();
    if (text.isEmpty()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      // The text is not quoted back: once substituted it may hold secrets.
      throw new WorkflowExecutionException("http_request node " + GraphIndex.describe(run.node) + ": " + field
          + " must be a JSON object once its placeholders are substituted, but it is not valid JSON or not an object");
    }
  }

  /** The turn's {@code override_url} for this node, else the node's {@code url}. */
  private static String url(NodeRun run, HttpRequestNode node) {
    for (NodeRunInput input : run.turn.nodeRunInputs(run.thread.threadId)) {
      boolean forThisNode = input.nodeLogicalId == null || input.nodeLogicalId.equals(node.logicalId);
      if ("http_request".equals(input.type) && forThisNode
          && input.otherFields.get(OVERRIDE_URL) instanceof String override && !override.isBlank()) {
        return override;
      }
    }
    return node.url;
  }
}
