package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP call whose result lands in a runtime variable. */
public class HttpRequestNode extends NodeConfig {
  public String url;
  public String method = "GET";
  public Map<String, String> headers = new LinkedHashMap<>();
  public Map<String, String> queryParameters = new LinkedHashMap<>();
  public JsonObject bodyParameters = new JsonObject();
  public String bodyContentType = "json";
  public double timeout = 30;
  public String responseFormat = "json";
  public String resultRuntimeVariableName = "http_request_result";

  public HttpRequestNode() {
    super(NodeTypes.HTTP_REQUEST);
  }
}
