package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node type the spec names (the Athena EHR and Google Docs integrations) that Turnpoint stores faithfully, with all
 * its fields, but cannot execute: running one ends the turn with a {@code workflow_error} naming its type.
 */
public class OtherNode extends NodeConfig {
  @JsonAnySetter
  @JsonAnyGetter
  public Map<String, Object> fields = new LinkedHashMap<>();

  public OtherNode() {
    super(null);
  }
}
