package dev.turnpoint.model.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Set;

/** The status of a run (spec §3.2). */
public enum WorkflowStatus {
  NOT_STARTED, STARTED, RUNNING, FAILED, COMPLETED, PAUSED, WAITING_FOR_USER_INPUT, CANCELLED, ABORTED_LOOPING_RISK;

  /** A run in one of these states takes no more turns. */
  public static final Set<WorkflowStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, CANCELLED, ABORTED_LOOPING_RISK);
  /** States the stale-run reaper may end; {@link #PAUSED} is deliberately not among them. */
  public static final Set<WorkflowStatus> ACTIVE = EnumSet.of(STARTED, RUNNING, WAITING_FOR_USER_INPUT);

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static WorkflowStatus fromWire(String value) {
    for (WorkflowStatus status : values()) {
      if (status.wire().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown workflow status '" + value + "'");
  }

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }
}
