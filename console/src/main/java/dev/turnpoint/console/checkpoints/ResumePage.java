package dev.turnpoint.console.checkpoints;

/** The model of {@code checkpoints/resumePage.jte}: the resume form on a page of its own (without JavaScript). */
public record ResumePage(String workflowName, int turnCount, ResumeForm form) {

  public String shortRunId() {
    return RunIds.shortId(form.runId());
  }
}
