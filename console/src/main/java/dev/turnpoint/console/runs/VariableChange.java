package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.turn.VariableChanges;

import java.util.List;

/**
 * A variable a turn (or a fork's overrides) added, changed or removed, as the page shows it: values are compact JSON,
 * {@code before} empty when added and {@code after} empty when removed.
 */
public record VariableChange(String name, VariableChanges.Kind kind, String before, String after) {

  /** The changes as rows, each variable under its own name. */
  static List<VariableChange> rows(VariableChanges changes) {
    return rows(changes, "", "");
  }

  /** The changes as rows, each name between {@code open} and {@code close} (as in {@code [[name]]}). */
  static List<VariableChange> rows(VariableChanges changes, String open, String close) {
    return changes.changes().stream()
        .map(change -> new VariableChange(open + change.name() + close, change.kind(), Format.value(change.before()),
            Format.value(change.after())))
        .toList();
  }
}
