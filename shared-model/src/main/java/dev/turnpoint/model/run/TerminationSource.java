package dev.turnpoint.model.run;

/** The well-known values of {@code termination_source} (spec §3.2). */
public final class TerminationSource {
  public static final String EXECUTION_ERROR = "execution_error";
  public static final String STALE_RUN_REAPER = "stale_run_reaper";
  public static final String FINALLY_SAFETY_NET = "finally_safety_net";

  private TerminationSource() {
  }
}
