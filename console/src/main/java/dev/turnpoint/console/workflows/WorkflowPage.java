package dev.turnpoint.console.workflows;

import java.util.List;

/**
 * The model of {@code workflows/workflow.jte}: a workflow, its versions and the graph of the version shown.
 *
 * @param shownVersion     the number of the version whose graph is shown
 * @param flash            the outcome of the last action, or null
 * @param versionNameError why the new version was not created, or null
 * @param versionNameDraft the name to put back in the form after a failed attempt, or null
 * @param mayChangeVersions whether the viewer is an admin, who is offered to create and activate versions
 */
public record WorkflowPage(String id, String name, String description, int activeVersionNumber, String createdAt,
                           String updatedAt, List<VersionRow> versions, int shownVersion, GraphView graph,
                           String csrfToken, String flash, String versionNameError, String versionNameDraft,
                           boolean mayChangeVersions) {

  public String url() {
    return "/workflows/" + id;
  }
}
