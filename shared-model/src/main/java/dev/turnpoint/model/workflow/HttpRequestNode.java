package dev.turnpoint.model.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

/** A real HTTP call whose result lands in a runtime variable. */
public class HttpRequestNode extends NodeConfig {
  public String url;
  public String method = "GET";
  public Map<String, String> headers = new LinkedHashMap<>();
  /** An object, or JSON text holding one (see {@link HttpParameters}). */
  public HttpParameters queryParameters = HttpParameters.empty();
  /** An object, or JSON text holding one; with {@code text/plain} bodies the text itself. */
  public HttpParameters bodyParameters = HttpParameters.empty();
  public String bodyContentType = "json";
  public double timeout = 30;
  public String responseFormat = "json";
  public String resultRuntimeVariableName = "http_request_result";

  public HttpRequestNode() {
    super(NodeTypes.HTTP_REQUEST);
  }
}
