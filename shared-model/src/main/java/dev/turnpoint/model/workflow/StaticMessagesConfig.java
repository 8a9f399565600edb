package dev.turnpoint.model.workflow;

import java.util.ArrayList;
import java.util.List;

/** Fixed messages a node or edge can say, chosen at random or in sequence. */
public class StaticMessagesConfig {
  public List<String> staticMessages = new ArrayList<>();
  public SelectionMode staticMessagesSelectionMode = SelectionMode.RANDOM;

  public enum SelectionMode {
    @com.fasterxml.jackson.annotation.JsonProperty("random") RANDOM,
    @com.fasterxml.jackson.annotation.JsonProperty("sequence") SEQUENCE
  }
}
