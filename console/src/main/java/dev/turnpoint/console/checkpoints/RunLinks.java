package dev.turnpoint.console.checkpoints;

/** The addresses of the checkpoint pages that compare runs and show their lineage. */
final class RunLinks {

  private RunLinks() {
  }

  static String compareHref(String runId, String otherRunId) {
    return "/runs/" + runId + "/compare/" + otherRunId;
  }

  static String lineageHref(String runId) {
    return "/runs/" + runId + "/lineage";
  }
}
