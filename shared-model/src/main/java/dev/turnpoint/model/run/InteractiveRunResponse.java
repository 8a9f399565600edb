package dev.turnpoint.model.run;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The answer to one turn over REST (spec §2.1, {@code InteractiveRunResponse}). */
public class InteractiveRunResponse {
  public String runId;
  /** 1-based count of the run's completed turns. */
  public int turnNumber;
  public List<JsonObject> events = new ArrayList<>();
  public boolean isWaitingForInput;
  public boolean isCompleted;
  public String error;
  public JsonObject nextInputHint;
  public WorkflowStatus status;
  public boolean hasActiveCompanions = false;
  public boolean hasBackgroundWork = false;
}
