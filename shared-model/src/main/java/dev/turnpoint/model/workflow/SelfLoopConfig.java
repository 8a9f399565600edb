package dev.turnpoint.model.workflow;

/** Bounds on a node looping back to itself. */
public class SelfLoopConfig {
  public boolean enabled = false;
  public Integer maxRetries;
  public Integer expiryTime;
  public Integer timeBetweenRetries;
}
