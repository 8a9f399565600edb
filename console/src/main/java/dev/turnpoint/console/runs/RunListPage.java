package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Pagination;

import java.util.List;

/**
 * The model of {@code runs/list.jte}: the team's runs, newest first, with the filters that produced them.
 *
 * @param sourceRunId     only forks of this run, or null
 * @param workflowChoices the team's workflows, for the workflow filter
 */
public record RunListPage(String workflowId, String status, String sourceRunId, String search,
                          List<Choice> workflowChoices, List<Choice> statusChoices, List<RunRow> rows,
                          Pagination pagination) {

  public boolean filtered() {
    return workflowId != null || status != null || sourceRunId != null || search != null;
  }
}
