package dev.turnpoint.model.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input for one node in a turn. LLM inputs ({@code type} {@code "llm"}) carry LangChain-style {@code messages}, e.g.
 * {@code {"type": "human", "content": "..."}}. Fields of the other input types are kept as they came.
 */
public class NodeRunInput {
  public String type = "llm";
  public String nodeLogicalId;
  public List<JsonObject> messages = new ArrayList<>();
  public JsonObject dynamicVariables;
  public JsonObject runtimeVariables;
  public JsonObject miscellaneous;
  @JsonAnySetter
  @JsonAnyGetter
  public Map<String, Object> otherFields = new LinkedHashMap<>();
}
