package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node type the spec names (super nodes, EHR and Google integrations, deduplication, field extraction) that Turnpoint
 * stores faithfully, with all its fields, but cannot execute.
 */
public class OtherNode extends NodeConfig {
  @JsonAnySetter
  @JsonAnyGetter
  public Map<String, Object> fields = new LinkedHashMap<>();

  public OtherNode() {
    super(null);
  }
}
