package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCall;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.workflow.HttpRequestNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * {@code http_request}: a real HTTP call. URL, headers, query parameters and body are rendered first; a body is sent
 * when {@code body_parameters} is not empty and the method is not GET or HEAD, encoded per
 * {@code body_content_type}: {@code json} (a value that is exactly one placeholder keeps its type), {@code form},
 * {@code multipart}, or {@code text} (the rendered {@code body_parameters.text}). {@code timeout} is in seconds
 * (0 = 30). The result {@code {status_code, headers, body}} goes into {@code result_runtime_variable_name}; when there
 * is no response it is {@code {status_code: null, headers: null, body: null, error}}. Neither a failure nor an error
 * status fails the run: the workflow branches on the result.
 */
final class HttpRequestRunner implements NodeRunner {

  private static final List<String> WITHOUT_BODY = List.of("GET", "HEAD");
  private static final double DEFAULT_TIMEOUT_SECONDS = 30;
  private static final double MAX_TIMEOUT_SECONDS = 300;

  @Override
  public Future<NodeResult> run(NodeRun run) {
    HttpRequestNode node = (HttpRequestNode) run.node;
    String method = node.method == null ? "GET" : node.method.toUpperCase(Locale.ROOT);
    JsonObject bodyParameters = node.bodyParameters == null ? new JsonObject() : node.bodyParameters;
    HttpCall.BodyKind kind = HttpCall.BodyKind.NONE;
    RenderBudget budget = run.renderBudget();
    Object body = null;
    if (!bodyParameters.isEmpty() && !WITHOUT_BODY.contains(method)) {
      String contentType = node.bodyContentType == null ? "json" : node.bodyContentType;
      switch (contentType) {
        case "form" -> {
          kind = HttpCall.BodyKind.FORM;
          body = JsonTemplates.renderObject(bodyParameters, run.variables(), false, budget);
        }
        case "multipart" -> {
          kind = HttpCall.BodyKind.MULTIPART;
          body = JsonTemplates.renderObject(bodyParameters, run.variables(), false, budget);
        }
        case "text" -> {
          kind = HttpCall.BodyKind.TEXT;
          body = run.render(bodyParameters.getValue("text") instanceof String text ? text : bodyParameters.encode(),
              budget);
        }
        default -> {
          kind = HttpCall.BodyKind.JSON;
          body = JsonTemplates.renderObject(bodyParameters, run.variables(), true, budget);
        }
      }
    }
    double seconds = node.timeout <= 0 ? DEFAULT_TIMEOUT_SECONDS : Math.min(node.timeout, MAX_TIMEOUT_SECONDS);
    String url = run.render(node.url, budget).strip();
    HttpCall call = new HttpCall(method, url, JsonTemplates.renderStrings(node.headers, run.variables(), budget),
        JsonTemplates.renderStrings(node.queryParameters, run.variables(), budget), kind, body,
        Math.round(seconds * 1000), node.responseFormat);
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
}
