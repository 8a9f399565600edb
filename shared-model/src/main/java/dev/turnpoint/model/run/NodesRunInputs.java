package dev.turnpoint.model.run;

import java.util.ArrayList;
import java.util.List;

/** The node inputs for one thread. */
public class NodesRunInputs {
  public List<NodeRunInput> nodeRunInputs = new ArrayList<>();
}
