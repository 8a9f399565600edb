package dev.turnpoint.api.workflows;

import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed from one version of a workflow to another: the workflow settings field by field, and nodes and edges
 * matched by {@code logical_id} as added, removed or modified (with their changed fields). Nested objects are
 * compared field by field ({@code llms_config.temperature}); lists and plain values as a whole. Credentials are
 * compared masked, so a diff never reveals one.
 */
final class VersionDiff {

  /** Fields that differ between versions by construction, not by edit. */
  private static final Set<String> IGNORED = Set.of("version_number", "workflow_id");

  private VersionDiff() {
  }

  static JsonObject between(WorkflowVersion from, WorkflowVersion to) {
    JsonObject before = LlmSecrets.redact(Json.toJson(from));
    JsonObject after = LlmSecrets.redact(Json.toJson(to));
    JsonArray settings = changes(object(before, "workflow_config"), object(after, "workflow_config"));
    JsonArray nodes = items(array(before, "node_configs"), array(after, "node_configs"));
    JsonArray edges = items(array(before, "edge_configs"), array(after, "edge_configs"));
    JsonObject summary = new JsonObject()
        .put("workflow_config_changes", settings.size())
        .put("nodes_added", count(nodes, "added"))
        .put("nodes_removed", count(nodes, "removed"))
        .put("nodes_modified", count(nodes, "modified"))
        .put("edges_added", count(edges, "added"))
        .put("edges_removed", count(edges, "removed"))
        .put("edges_modified", count(edges, "modified"));
    summary.put("total_changes", settings.size() + nodes.size() + edges.size());
    return new JsonObject()
        .put("from_version", from.versionNumber)
        .put("to_version", to.versionNumber)
        .put("workflow_config_changes", settings)
        .put("nodes", nodes)
        .put("edges", edges)
        .put("summary", summary);
  }

  private static JsonArray items(JsonArray before, JsonArray after) {
    Map<String, JsonObject> old = byLogicalId(before);
    Map<String, JsonObject> current = byLogicalId(after);
    JsonArray diffs = new JsonArray();
    Set<String> ids = new LinkedHashSet<>(old.keySet());
    ids.addAll(current.keySet());
    for (String id : ids) {
      JsonObject was = old.get(id);
      JsonObject is = current.get(id);
      if (was == null) {
        diffs.add(itemDiff(id, is, "added", new JsonArray()));
      } else if (is == null) {
        diffs.add(itemDiff(id, was, "removed", new JsonArray()));
      } else {
        JsonArray changes = changes(was, is);
        if (!changes.isEmpty()) {
          diffs.add(itemDiff(id, is, "modified", changes));
        }
      }
    }
    return diffs;
  }

  private static JsonObject itemDiff(String logicalId, JsonObject item, String status, JsonArray changes) {
    return new JsonObject()
        .put("logical_id", logicalId)
        .put("name", item.getValue("name"))
        .put("type", item.getValue("type"))
        .put("status", status)
        .put("changes", changes);
  }

  private static Map<String, JsonObject> byLogicalId(JsonArray items) {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      String id = item.getString("logical_id");
      byId.put(id == null ? "#" + i : id, item);
    }
    return byId;
  }

  private static JsonArray changes(JsonObject before, JsonObject after) {
    JsonArray changes = new JsonArray();
    collect("", before, after, changes);
    return changes;
  }

  private static void collect(String prefix, JsonObject before, JsonObject after, JsonArray changes) {
    Set<String> fields = new LinkedHashSet<>(before.fieldNames());
    fields.addAll(after.fieldNames());
    for (String field : fields) {
      if (prefix.isEmpty() && IGNORED.contains(field)) {
        continue;
      }
      Object was = before.getValue(field);
      Object is = after.getValue(field);
      String path = prefix + field;
      if (was instanceof JsonObject wasObject && is instanceof JsonObject isObject) {
        collect(path + ".", wasObject, isObject, changes);
      } else if (!Objects.equals(was, is)) {
        changes.add(new JsonObject().put("field", path).put("old", was).put("new", is));
      }
    }
  }

  private static JsonObject object(JsonObject json, String field) {
    JsonObject value = json.getJsonObject(field);
    return value == null ? new JsonObject() : value;
  }

  private static JsonArray array(JsonObject json, String field) {
    JsonArray value = json.getJsonArray(field);
    return value == null ? new JsonArray() : value;
  }

  private static long count(JsonArray diffs, String status) {
    return diffs.stream().filter(diff -> status.equals(((JsonObject) diff).getString("status"))).count();
  }

  /** The schema of {@link #between}. */
  static JsonObject schema() {
    JsonObject change = Schemas.object()
        .required("field", Schemas.string().put("description", "Dotted path of the field"))
        .required("old", new JsonObject())
        .required("new", new JsonObject()).build();
    JsonObject itemDiff = Schemas.object()
        .required("logical_id", Schemas.string())
        .required("name", Schemas.nullableString())
        .required("type", Schemas.nullableString())
        .required("status", Schemas.enumOf("added", "removed", "modified"))
        .required("changes", Schemas.arrayOf(change)).build();
    Schemas.ObjectSchema summary = Schemas.object();
    for (String counter : List.of("workflow_config_changes", "nodes_added", "nodes_removed", "nodes_modified",
        "edges_added", "edges_removed", "edges_modified", "total_changes")) {
      summary.required(counter, new JsonObject().put("type", "integer"));
    }
    return Schemas.object()
        .required("from_version", new JsonObject().put("type", "integer"))
        .required("to_version", new JsonObject().put("type", "integer"))
        .required("workflow_config_changes", Schemas.arrayOf(change))
        .required("nodes", Schemas.arrayOf(itemDiff))
        .required("edges", Schemas.arrayOf(itemDiff))
        .required("summary", summary.build()).build();
  }
}
