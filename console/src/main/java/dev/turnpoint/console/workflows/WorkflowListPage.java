package dev.turnpoint.console.workflows;

import dev.turnpoint.console.web.Pagination;

import java.util.List;

/** The model of {@code workflows/list.jte}: the team's workflows, newest first, optionally searched. */
public record WorkflowListPage(String search, List<WorkflowRow> rows, Pagination pagination) {
}
