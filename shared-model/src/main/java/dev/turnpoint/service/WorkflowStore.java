package dev.turnpoint.service;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import io.vertx.core.Future;

import java.util.List;

/**
 * Workflows and their versions, at {@link Addresses#WORKFLOW_STORE}. Every call is scoped to a team: another team's
 * workflow fails with {@link FailureCode#NOT_FOUND}, exactly as a missing one does. {@code userId} is recorded as
 * {@code created_by}/{@code updated_by}.
 */
public interface WorkflowStore {

  /**
   * Creates a workflow from a graph; its name and description are {@code graph.workflow_config.name/description}.
   * Version 0, "Initial Version", holds the graph and is active.
   */
  Future<WorkflowDocument> createWorkflow(String teamId, String userId, WorkflowConfigFullyHydrated graph);

  /** The team's workflows, newest first; {@code search} matches name or description, case-insensitively. */
  Future<Page<WorkflowDocument>> listWorkflows(String teamId, PageQuery query);

  Future<WorkflowDocument> getWorkflow(String teamId, String workflowId);

  /** Renames or re-describes a workflow; a null argument leaves that field as it is. */
  Future<WorkflowDocument> updateWorkflow(String teamId, String userId, String workflowId, String name,
                                          String description);

  /** Deletes a workflow and all its versions. */
  Future<Void> deleteWorkflow(String teamId, String workflowId);

  /**
   * Creates the next version (numbers only grow, deleted ones are not reused) as a copy of
   * {@code sourceVersionNumber}, or of the active version when that is null.
   */
  Future<WorkflowVersion> createVersion(String teamId, String userId, String workflowId, String versionName,
                                        boolean markAsActive, Integer sourceVersionNumber);

  /** Every version of a workflow, by number. */
  Future<List<WorkflowVersion>> listVersions(String teamId, String workflowId);

  /**
   * Every version of a workflow, by number, without its graph: {@code nodeConfigs}, {@code edgeConfigs} and the
   * variables are null. What a list of versions shows costs the same for a graph of any size.
   */
  Future<List<WorkflowVersion>> listVersionHeaders(String teamId, String workflowId);

  Future<WorkflowVersion> getVersion(String teamId, String workflowId, int versionNumber);

  Future<WorkflowVersion> renameVersion(String teamId, String userId, String workflowId, int versionNumber,
                                        String versionName);

  /** Makes a version the one that runs by default; answers the updated workflow. */
  Future<WorkflowDocument> activateVersion(String teamId, String userId, String workflowId, int versionNumber);

  /** Replaces a version's graph (settings, nodes and edges). */
  Future<WorkflowVersion> replaceVersionGraph(String teamId, String userId, String workflowId, int versionNumber,
                                              WorkflowConfigFullyHydrated graph);

  /** Deletes a version; the active version cannot be deleted ({@link FailureCode#CONFLICT}). */
  Future<Void> deleteVersion(String teamId, String workflowId, int versionNumber);
}
