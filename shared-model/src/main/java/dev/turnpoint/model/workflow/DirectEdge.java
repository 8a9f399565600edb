package dev.turnpoint.model.workflow;

/** An unconditional transition; flagged ones fork a companion thread beside the main one. */
public class DirectEdge extends EdgeConfig {
  public CompanionThreadConfig companionThreadConfig;

  public DirectEdge() {
    super(DIRECT);
  }

  public boolean startsCompanionThread() {
    return companionThreadConfig != null && companionThreadConfig.isCompanionThread;
  }

  /** Marks a direct edge as the start of a parallel thread. */
  public static class CompanionThreadConfig {
    public boolean isCompanionThread = false;
    public String threadId;
  }
}
