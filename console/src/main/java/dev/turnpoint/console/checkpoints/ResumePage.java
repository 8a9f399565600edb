package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;

/** The model of {@code checkpoints/resumePage.jte}: the resume form on a page of its own (without JavaScript). */
public record ResumePage(String workflowName, int turnCount, ResumeForm form) {

  public String shortRunId() {
    return Format.shortId(form.runId());
  }
}
