package dev.turnpoint.model.validation;

import java.util.List;

/**
 * A part of a workflow graph beyond one of its {@link WorkflowLimits}.
 *
 * @param path    where, from the graph's root: field names and list indexes ({@code ["node_configs", 3,
 *                "main_response_config", "prompt"]}); empty for the graph as a whole
 * @param message what is too large, naming the limit's key and its configured value
 * @param type    a stable code for clients, in the style of pydantic's error types
 */
public record LimitBreach(List<Object> path, String message, String type) {

  public LimitBreach {
    path = List.copyOf(path);
  }
}
