package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.call;
import static dev.turnpoint.persistence.StoreCalls.containsIgnoringCase;
import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requirePaging;
import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * {@link WorkflowStore} on MongoDB: workflow documents in {@value MongoCollections#WORKFLOWS}, one document per
 * version in {@value MongoCollections#WORKFLOW_VERSIONS} (unique on workflow id and version number).
 *
 * <p>There are no transactions, so the workflow document is the single source of truth for which versions exist:
 * besides {@code active_version_number} it lists the published {@code version_numbers} and holds the
 * {@code next_version_number} counter. A version document is written first and published by adding its number to
 * that list; it is unpublished first and then removed. A crash in between leaves at most an unpublished version
 * document that no read returns. Because activating a version and deleting one both decide on that one document,
 * a version can never be deleted while it is active, however the two calls interleave.
 */
public class MongoWorkflowStore implements WorkflowStore {

  private static final String VERSION_NUMBERS = "version_numbers";
  private static final String NEXT_VERSION_NUMBER = "next_version_number";
  /** A version document but its graph and variables. */
  private static final JsonObject WITHOUT_GRAPH = new JsonObject().put("node_configs", 0).put("edge_configs", 0)
      .put("dynamic_variables", 0).put("runtime_variables", 0);

  private final MongoClient mongo;

  public MongoWorkflowStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  @Override
  public Future<WorkflowDocument> createWorkflow(String teamId, String userId, WorkflowConfigFullyHydrated graph) {
    return call(() -> {
      requireTeam(teamId);
      require(graph, "graph");
      WorkflowConfig config = require(graph.workflowConfig, "workflow_config");
      requireText(config.name, "workflow name");

      String workflowId = Ids.newObjectId();
      WorkflowVersion initial = new WorkflowVersion();
      initial.id = Ids.newObjectId();
      initial.workflowId = workflowId;
      initial.setGraph(Json.copy(graph, WorkflowConfigFullyHydrated.class));
      initial.stampCreated(teamId, userId);

      WorkflowDocument workflow = new WorkflowDocument();
      workflow.id = workflowId;
      workflow.workflowConfig = Json.copy(config, WorkflowConfig.class);
      workflow.stampCreated(teamId, userId);
      JsonObject workflowDoc = Json.toJson(workflow)
          .put(VERSION_NUMBERS, new JsonArray().add(initial.versionNumber))
          .put(NEXT_VERSION_NUMBER, initial.versionNumber + 1);

      return mongo.insert(MongoCollections.WORKFLOW_VERSIONS, Json.toJson(initial))
          .compose(id -> mongo.insert(MongoCollections.WORKFLOWS, workflowDoc))
          .map(id -> workflow);
    });
  }

  @Override
  public Future<Page<WorkflowDocument>> listWorkflows(String teamId, PageQuery query) {
    return call(() -> {
      JsonObject filter = byTeam(teamId);
      require(query, "page query");
      requirePaging(query.page(), query.size());
      if (query.search() != null && !query.search().isBlank()) {
        JsonObject contains = containsIgnoringCase(query.search().strip());
        filter.put("$or", new JsonArray()
            .add(new JsonObject().put("workflow_config.name", contains))
            .add(new JsonObject().put("workflow_config.description", contains)));
      }
      FindOptions options = new FindOptions()
          .setSort(new JsonObject().put("created_at", -1).put("_id", -1))
          .setSkip(query.skip())
          .setLimit(query.size());
      Future<List<JsonObject>> rows = mongo.findWithOptions(MongoCollections.WORKFLOWS, filter, options);
      Future<Long> total = mongo.count(MongoCollections.WORKFLOWS, filter);
      return Future.all(rows, total).map(done -> new Page<>(
          rows.result().stream().map(MongoWorkflowStore::toWorkflow).toList(), total.result()));
    });
  }

  @Override
  public Future<WorkflowDocument> getWorkflow(String teamId, String workflowId) {
    return call(() -> loadWorkflow(teamId, workflowId).map(MongoWorkflowStore::toWorkflow));
  }

  @Override
  public Future<WorkflowDocument> updateWorkflow(String teamId, String userId, String workflowId, String name,
                                                 String description) {
    return call(() -> {
      JsonObject filter = workflowFilter(teamId, workflowId);
      JsonObject set = updated(userId);
      if (name != null) {
        set.put("workflow_config.name", requireText(name, "workflow name"));
      }
      if (description != null) {
        set.put("workflow_config.description", description);
      }
      return updateWorkflowDoc(filter, set)
          .compose(doc -> doc == null ? Future.failedFuture(workflowNotFound(workflowId)) : Future.succeededFuture(doc))
          .map(MongoWorkflowStore::toWorkflow);
    });
  }

  @Override
  public Future<Void> deleteWorkflow(String teamId, String workflowId) {
    return call(() -> {
      JsonObject filter = workflowFilter(teamId, workflowId);
      return mongo.removeDocument(MongoCollections.WORKFLOWS, filter)
          .compose(removed -> removed.getRemovedCount() == 0
              ? Future.failedFuture(workflowNotFound(workflowId))
              : mongo.removeDocuments(MongoCollections.WORKFLOW_VERSIONS,
                  byTeam(teamId).put("workflow_id", workflowId)))
          .mapEmpty();
    });
  }

  @Override
  public Future<WorkflowVersion> createVersion(String teamId, String userId, String workflowId, String versionName,
                                               boolean markAsActive, Integer sourceVersionNumber) {
    return call(() -> {
      JsonObject filter = workflowFilter(teamId, workflowId);
      if (versionName != null) {
        requireText(versionName, "version name");
      }
      return loadWorkflow(teamId, workflowId)
          .compose(workflow -> {
            int source = sourceVersionNumber != null
                ? sourceVersionNumber : workflow.getInteger("active_version_number");
            return loadPublishedVersion(workflow, source);
          })
          .compose(source -> allocateVersionNumber(filter, workflowId).compose(number -> {
            WorkflowVersion version = new WorkflowVersion();
            version.id = Ids.newObjectId();
            version.workflowId = workflowId;
            version.setGraph(source.hydrated());
            version.versionNumber = number;
            version.versionName = versionName != null ? versionName : "Version " + number;
            version.stampCreated(teamId, userId);
            return mongo.insert(MongoCollections.WORKFLOW_VERSIONS, Json.toJson(version))
                .compose(id -> publishVersion(filter, userId, number, markAsActive))
                .map(version);
          }));
    });
  }

  @Override
  public Future<List<WorkflowVersion>> listVersions(String teamId, String workflowId) {
    return call(() -> publishedVersions(teamId, workflowId, new JsonObject()));
  }

  @Override
  public Future<List<WorkflowVersion>> listVersionHeaders(String teamId, String workflowId) {
    return call(() -> publishedVersions(teamId, workflowId, WITHOUT_GRAPH).map(versions -> {
      versions.forEach(version -> {
        version.nodeConfigs = null;
        version.edgeConfigs = null;
        version.dynamicVariables = null;
        version.runtimeVariables = null;
      });
      return versions;
    }));
  }

  private Future<List<WorkflowVersion>> publishedVersions(String teamId, String workflowId, JsonObject fields) {
    return loadWorkflow(teamId, workflowId).compose(workflow -> {
      JsonObject filter = byTeam(teamId)
          .put("workflow_id", workflowId)
          .put("version_number", new JsonObject().put("$in", workflow.getJsonArray(VERSION_NUMBERS)));
      FindOptions byNumber = new FindOptions().setSort(new JsonObject().put("version_number", 1)).setFields(fields);
      return mongo.findWithOptions(MongoCollections.WORKFLOW_VERSIONS, filter, byNumber)
          .map(rows -> rows.stream().map(MongoWorkflowStore::toVersion).toList());
    });
  }

  @Override
  public Future<WorkflowVersion> getVersion(String teamId, String workflowId, int versionNumber) {
    return call(() -> loadWorkflow(teamId, workflowId)
        .compose(workflow -> loadPublishedVersion(workflow, versionNumber)));
  }

  @Override
  public Future<WorkflowVersion> renameVersion(String teamId, String userId, String workflowId, int versionNumber,
                                               String versionName) {
    return call(() -> {
      requireText(versionName, "version name");
      return updateVersionDoc(teamId, workflowId, versionNumber, updated(userId).put("version_name", versionName));
    });
  }

  @Override
  public Future<WorkflowDocument> activateVersion(String teamId, String userId, String workflowId,
                                                  int versionNumber) {
    return call(() -> {
      JsonObject filter = workflowFilter(teamId, workflowId).put(VERSION_NUMBERS, versionNumber);
      return updateWorkflowDoc(filter, updated(userId).put("active_version_number", versionNumber))
          .compose(doc -> doc != null
              ? Future.succeededFuture(toWorkflow(doc))
              : loadWorkflow(teamId, workflowId).compose(workflow ->
                  Future.failedFuture(versionNotFound(workflowId, versionNumber))));
    });
  }

  @Override
  public Future<WorkflowVersion> replaceVersionGraph(String teamId, String userId, String workflowId,
                                                     int versionNumber, WorkflowConfigFullyHydrated graph) {
    return call(() -> {
      require(graph, "graph");
      require(graph.workflowConfig, "workflow_config");
      JsonObject hydrated = Json.toJson(graph);
      JsonObject set = updated(userId);
      for (String field : List.of("workflow_config", "node_configs", "edge_configs", "dynamic_variables",
          "runtime_variables")) {
        set.put(field, hydrated.getValue(field));
      }
      return updateVersionDoc(teamId, workflowId, versionNumber, set);
    });
  }

  @Override
  public Future<Void> deleteVersion(String teamId, String workflowId, int versionNumber) {
    return call(() -> {
      JsonObject filter = workflowFilter(teamId, workflowId)
          .put(VERSION_NUMBERS, versionNumber)
          .put("active_version_number", new JsonObject().put("$ne", versionNumber));
      JsonObject unpublish = new JsonObject()
          .put("$pull", new JsonObject().put(VERSION_NUMBERS, versionNumber))
          .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
          .put("$inc", new JsonObject().put("revision", 1));
      return mongo.findOneAndUpdate(MongoCollections.WORKFLOWS, filter, unpublish)
          .compose(before -> before != null
              ? Future.succeededFuture()
              : loadWorkflow(teamId, workflowId).compose(workflow -> Future.failedFuture(
                  workflow.getInteger("active_version_number") == versionNumber
                      ? ServiceException.conflict("version " + versionNumber + " is active and cannot be deleted")
                      : versionNotFound(workflowId, versionNumber))))
          .compose(unpublished -> mongo.removeDocument(MongoCollections.WORKFLOW_VERSIONS,
              versionFilter(teamId, workflowId, versionNumber)))
          .mapEmpty();
    });
  }

  private Future<JsonObject> loadWorkflow(String teamId, String workflowId) {
    return mongo.findOne(MongoCollections.WORKFLOWS, workflowFilter(teamId, workflowId), null)
        .compose(doc -> doc == null ? Future.failedFuture(workflowNotFound(workflowId)) : Future.succeededFuture(doc));
  }

  private Future<WorkflowVersion> loadPublishedVersion(JsonObject workflow, int versionNumber) {
    String workflowId = workflow.getString("_id");
    if (!isPublished(workflow, versionNumber)) {
      return Future.failedFuture(versionNotFound(workflowId, versionNumber));
    }
    return mongo.findOne(MongoCollections.WORKFLOW_VERSIONS,
            versionFilter(workflow.getString("team_id"), workflowId, versionNumber), null)
        .compose(doc -> doc == null
            ? Future.failedFuture(versionNotFound(workflowId, versionNumber))
            : Future.succeededFuture(toVersion(doc)));
  }

  /** Takes the next number from the workflow's counter: atomic, and never handed out twice. */
  private Future<Integer> allocateVersionNumber(JsonObject workflowFilter, String workflowId) {
    JsonObject increment = new JsonObject().put("$inc", new JsonObject().put(NEXT_VERSION_NUMBER, 1));
    return mongo.findOneAndUpdate(MongoCollections.WORKFLOWS, workflowFilter, increment)
        .compose(before -> before == null
            ? Future.failedFuture(workflowNotFound(workflowId))
            : Future.succeededFuture(before.getInteger(NEXT_VERSION_NUMBER)));
  }

  private Future<JsonObject> publishVersion(JsonObject workflowFilter, String userId, int versionNumber,
                                            boolean markAsActive) {
    JsonObject set = updated(userId);
    if (markAsActive) {
      set.put("active_version_number", versionNumber);
    }
    JsonObject publish = new JsonObject()
        .put("$addToSet", new JsonObject().put(VERSION_NUMBERS, versionNumber))
        .put("$set", set)
        .put("$inc", new JsonObject().put("revision", 1));
    return mongo.findOneAndUpdate(MongoCollections.WORKFLOWS, workflowFilter, publish)
        .compose(before -> before == null
            ? Future.failedFuture(workflowNotFound(workflowFilter.getString("_id")))
            : Future.succeededFuture(before));
  }

  private Future<JsonObject> updateWorkflowDoc(JsonObject filter, JsonObject set) {
    JsonObject update = new JsonObject().put("$set", set).put("$inc", new JsonObject().put("revision", 1));
    return mongo.findOneAndUpdateWithOptions(MongoCollections.WORKFLOWS, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  private Future<WorkflowVersion> updateVersionDoc(String teamId, String workflowId, int versionNumber,
                                                   JsonObject set) {
    JsonObject update = new JsonObject().put("$set", set).put("$inc", new JsonObject().put("revision", 1));
    return loadWorkflow(teamId, workflowId)
        .compose(workflow -> isPublished(workflow, versionNumber)
            ? mongo.findOneAndUpdateWithOptions(MongoCollections.WORKFLOW_VERSIONS,
                versionFilter(teamId, workflowId, versionNumber), update, new FindOptions(),
                new UpdateOptions().setReturningNewDocument(true))
            : Future.succeededFuture())
        .compose(doc -> doc == null
            ? Future.failedFuture(versionNotFound(workflowId, versionNumber))
            : Future.succeededFuture(toVersion(doc)));
  }

  private static boolean isPublished(JsonObject workflow, int versionNumber) {
    return workflow.getJsonArray(VERSION_NUMBERS).stream()
        .anyMatch(number -> ((Number) number).intValue() == versionNumber);
  }

  private static JsonObject byTeam(String teamId) {
    return new JsonObject().put("team_id", requireTeam(teamId));
  }

  private static JsonObject workflowFilter(String teamId, String workflowId) {
    return byTeam(teamId).put("_id", requireText(workflowId, "workflow id"));
  }

  private static JsonObject versionFilter(String teamId, String workflowId, int versionNumber) {
    return byTeam(teamId).put("workflow_id", workflowId).put("version_number", versionNumber);
  }

  private static JsonObject updated(String userId) {
    return new JsonObject().put("updated_by", userId).put("updated_at", Timestamps.now());
  }

  private static WorkflowDocument toWorkflow(JsonObject doc) {
    return Json.fromJson(doc, WorkflowDocument.class);
  }

  private static WorkflowVersion toVersion(JsonObject doc) {
    return Json.fromJson(doc, WorkflowVersion.class);
  }

  private static ServiceException workflowNotFound(String workflowId) {
    return ServiceException.notFound("workflow " + workflowId + " not found");
  }

  private static ServiceException versionNotFound(String workflowId, int versionNumber) {
    return ServiceException.notFound("workflow " + workflowId + " has no version " + versionNumber);
  }
}
