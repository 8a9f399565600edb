package dev.turnpoint.model.run;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One turn of a run: its input, its output and bookkeeping (spec §3.5). The list index is the turn index. */
public class WorkflowRunInputOutputPair {
  public WorkflowRunInput runInput;
  public WorkflowRunOutput runOutput;
  public JsonObject evaluation;
  public JsonObject iterationEndStateMiscellaneous;
  public List<CommentConfig> comments = new ArrayList<>();
  public List<RatingConfig> ratings = new ArrayList<>();
}
