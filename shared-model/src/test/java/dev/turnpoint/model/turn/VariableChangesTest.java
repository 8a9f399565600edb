package dev.turnpoint.model.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VariableChangesTest {

  @Test
  void namesWhatWasAddedChangedAndRemovedInNameOrder() {
    JsonObject before = new JsonObject().put("reason", "check-up").put("name", "Ada").put("tags",
        new JsonArray().add("a")).put("same", new JsonObject().put("x", 1)).put("gone", 3);
    JsonObject after = new JsonObject().put("same", new JsonObject().put("x", 1)).put("tags",
        new JsonArray().add("a").add("b")).put("reason", "vaccination").put("name", "Ada").put("new", null);

    VariableChanges changes = VariableChanges.between(before, after);

    assertThat(changes.changes()).containsExactly(
        new VariableChanges.Change("gone", VariableChanges.Kind.REMOVED, 3, null),
        new VariableChanges.Change("new", VariableChanges.Kind.ADDED, null, null),
        new VariableChanges.Change("reason", VariableChanges.Kind.CHANGED, "check-up", "vaccination"),
        new VariableChanges.Change("tags", VariableChanges.Kind.CHANGED, new JsonArray().add("a"),
            new JsonArray().add("a").add("b")));
    assertThat(changes.valuesAfter()).isEqualTo(new JsonObject().putNull("gone").putNull("new")
        .put("reason", "vaccination").put("tags", new JsonArray().add("a").add("b")));
    assertThat(changes.isEmpty()).isFalse();
  }

  @Test
  void equalSetsAndMissingOnesChangeNothing() {
    JsonObject variables = new JsonObject().put("a", 1);

    assertThat(VariableChanges.between(variables, variables.copy()).isEmpty()).isTrue();
    assertThat(VariableChanges.between(null, null).isEmpty()).isTrue();
    assertThat(VariableChanges.between(null, variables).changes())
        .containsExactly(new VariableChanges.Change("a", VariableChanges.Kind.ADDED, null, 1));
    assertThat(VariableChanges.between(variables, null).changes())
        .containsExactly(new VariableChanges.Change("a", VariableChanges.Kind.REMOVED, 1, null));
  }

  @Test
  void comparesTheRuntimeVariablesOfTwoCheckpoints() {
    CheckpointView before = CheckpointView.of(new JsonObject().put("runtime_variables", new JsonObject()
        .put("step", 1)).put("dynamic_variables", new JsonObject().put("clinic", "A")));
    CheckpointView after = CheckpointView.of(new JsonObject().put("runtime_variables", new JsonObject()
        .put("step", 2)).put("dynamic_variables", new JsonObject().put("clinic", "B")));

    assertThat(VariableChanges.ofRuntimeVariables(before, after).changes())
        .containsExactly(new VariableChanges.Change("step", VariableChanges.Kind.CHANGED, 1, 2));
    assertThat(VariableChanges.ofRuntimeVariables(CheckpointView.of(null), after).changes()).hasSize(1);
  }

  @Test
  void kindsReadAsWords() {
    assertThat(VariableChanges.Kind.ADDED.label()).isEqualTo("added");
    assertThat(VariableChanges.Kind.REMOVED.label()).isEqualTo("removed");
  }
}
