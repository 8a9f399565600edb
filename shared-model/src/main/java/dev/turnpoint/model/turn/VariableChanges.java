package dev.turnpoint.model.turn;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two sets of variables, say the runtime variables of the checkpoints before and after a turn:
 * one {@link Change} per variable that was added, changed or removed, by name.
 *
 * @param changes by variable name, in name order
 */
public record VariableChanges(List<Change> changes) {

  /** What happened to one variable. */
  public enum Kind {
    ADDED, CHANGED, REMOVED;

    /** The kind as a word: {@code added}, {@code changed}, {@code removed}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One variable that differs.
   *
   * @param before its value before (null when added)
   * @param after  its value after (null when removed)
   */
  public record Change(String name, Kind kind, Object before, Object after) {
  }

  public VariableChanges {
    changes = List.copyOf(changes);
  }

  /** The changes from {@code before} to {@code after}; null reads as no variables. */
  public static VariableChanges between(JsonObject before, JsonObject after) {
    JsonObject from = before == null ? new JsonObject() : before;
    JsonObject to = after == null ? new JsonObject() : after;
    TreeSet<String> names = new TreeSet<>(from.fieldNames());
    names.addAll(to.fieldNames());
    List<Change> changes = new ArrayList<>();
    for (String name : names) {
      boolean had = from.containsKey(name);
      boolean has = to.containsKey(name);
      Object old = from.getValue(name);
      Object now = to.getValue(name);
      if (!has) {
        changes.add(new Change(name, Kind.REMOVED, old, null));
      } else if (!had) {
        changes.add(new Change(name, Kind.ADDED, null, now));
      } else if (!Objects.equals(old, now)) {
        changes.add(new Change(name, Kind.CHANGED, old, now));
      }
    }
    return new VariableChanges(changes);
  }

  /** The runtime variables that changed from one checkpoint to the next. */
  public static VariableChanges ofRuntimeVariables(CheckpointView before, CheckpointView after) {
    return between(before.runtimeVariables(), after.runtimeVariables());
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Each changed variable with its value after; a removed one maps to null. */
  public JsonObject valuesAfter() {
    Map<String, Object> values = new LinkedHashMap<>();
    changes.forEach(change -> values.put(change.name(), change.after()));
    return new JsonObject(values);
  }
}
