package dev.turnpoint.console.checkpoints;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Overrides as people type them: lines of name = value, or a JSON object; mistakes name the line. */
class VariableOverridesTest {

  @Test
  void linesReadValuesAsJsonWhenTheyAreJsonElseAsText() {
    VariableOverrides.Parsed parsed = VariableOverrides.parse("""
        # what the caller really wanted
        reason = vaccination
        age = 34
        [[insured]] = true
        {{clinic_name}} = "Harbour Clinic"
        notes = null
        tags = ["a", "b"]
        zip = 007
        empty =
        """);

    assertThat(parsed.valid()).isTrue();
    assertThat(parsed.values()).isEqualTo(new JsonObject().put("reason", "vaccination").put("age", 34)
        .put("insured", true).put("clinic_name", "Harbour Clinic").putNull("notes")
        .put("tags", new JsonArray().add("a").add("b")).put("zip", "007").put("empty", ""));
  }

  @Test
  void aJsonObjectIsTakenAsItIs() {
    VariableOverrides.Parsed parsed = VariableOverrides.parse(" {\"reason\": \"flu\", \"visits\": {\"count\": 2}} ");

    assertThat(parsed.values()).isEqualTo(new JsonObject().put("reason", "flu")
        .put("visits", new JsonObject().put("count", 2)));
  }

  @Test
  void nothingTypedMeansNoOverrides() {
    assertThat(VariableOverrides.parse("  \n ").values()).isNull();
    assertThat(VariableOverrides.parse("# only a comment").values()).isNull();
    assertThat(VariableOverrides.parse(null).valid()).isTrue();
  }

  @Test
  void mistakesNameTheLineAndWhatIsWrong() {
    assertThat(VariableOverrides.parse("reason = flu\nno equals sign").error())
        .isEqualTo("Line 2: write name = value.");
    assertThat(VariableOverrides.parse("2fast = yes").error()).startsWith("Line 1: '2fast' is not a variable name");
    assertThat(VariableOverrides.parse("a = 1\na = 2").error()).isEqualTo("Line 2: a is set twice.");
    assertThat(VariableOverrides.parse("a = {\"open\": ").error())
        .startsWith("Line 1: the value of a is not valid JSON: ");
    assertThat(VariableOverrides.parse("{\"reason\": ").error()).startsWith("This is not a valid JSON object: ");
    assertThat(VariableOverrides.parse("{\"<b>\": 1}").error()).startsWith("'<b>' is not a variable name");
    assertThat(VariableOverrides.parse("x".repeat(VariableOverrides.MAX_LENGTH + 1)).error())
        .isEqualTo("Overrides can have at most 20,000 characters.");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= VariableOverrides.MAX_VARIABLES; i++) {
      many.append("v").append(i).append(" = ").append(i).append('\n');
    }
    assertThat(VariableOverrides.parse(many.toString()).error())
        .isEqualTo("At most 200 variables can be overridden at once.");
  }
}
