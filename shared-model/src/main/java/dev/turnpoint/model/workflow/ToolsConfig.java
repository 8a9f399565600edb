package dev.turnpoint.model.workflow;

import java.util.ArrayList;
import java.util.List;

/** The tools attached to a node or, globally, to a workflow. */
public class ToolsConfig {
  public List<ToolConfig> tools = new ArrayList<>();
}
