package dev.turnpoint.model.run;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one turn produced (spec §3.4): its events and, per thread, the outputs of the nodes that ran. */
public class WorkflowRunOutput {
  public List<JsonObject> events = new ArrayList<>();
  public Map<String, List<JsonObject>> threadToNodeOutputs = new LinkedHashMap<>();
}
