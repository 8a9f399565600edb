package dev.turnpoint.console.checkpoints;

/** How the checkpoint pages name runs and link to them. */
final class RunIds {

  private RunIds() {
  }

  /** The last eight digits of an id, which tell runs of one lineage apart at a glance. */
  static String shortId(String runId) {
    return runId.length() > 10 ? "…" + runId.substring(runId.length() - 8) : runId;
  }

  static String runHref(String runId) {
    return "/runs/" + runId;
  }

  static String compareHref(String runId, String otherRunId) {
    return "/runs/" + runId + "/compare/" + otherRunId;
  }

  static String lineageHref(String runId) {
    return "/runs/" + runId + "/lineage";
  }
}
