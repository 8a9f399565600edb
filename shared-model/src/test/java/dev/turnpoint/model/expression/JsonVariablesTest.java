package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonVariablesTest {

  private final JsonObject runtime = new JsonObject()
      .put("name", "Ada")
      .put("order", new JsonObject()
          .put("lines", new JsonArray().add(new JsonObject().put("sku", "A1")).add(new JsonObject().put("sku", "B2")))
          .put("total", 12.5))
      .put("plain", Map.of("list", List.of("x", Map.of("deep", true))))
      .put("thread_0.summary", "flat key")
      .put("a", new JsonObject().put("b.c", "dotted key inside"));
  private final JsonObject dynamic = new JsonObject().put("clinic_name", "Riverside");
  private final JsonVariables variables = new JsonVariables(runtime, dynamic);

  @Test
  void readsEachScopeFromItsObject() {
    assertThat(variables.runtime("name")).isEqualTo("Ada");
    assertThat(variables.dynamic("name")).isNull();
    assertThat(variables.dynamic("clinic_name")).isEqualTo("Riverside");
    assertThat(variables.runtime("clinic_name")).isNull();
  }

  @Test
  void walksObjectsArraysMapsAndLists() {
    assertThat(variables.runtime("order.lines.1.sku")).isEqualTo("B2");
    assertThat(variables.runtime("order.lines.-1.sku")).isEqualTo("B2");
    assertThat(variables.runtime("order.lines.-2.sku")).isEqualTo("A1");
    assertThat(variables.runtime("order.total")).isEqualTo(12.5);
    assertThat(variables.runtime("order")).isInstanceOf(JsonObject.class);
    assertThat(variables.runtime("plain.list.1.deep")).isEqualTo(true);
  }

  @Test
  void missingStepsAreNull() {
    assertThat(variables.runtime("order.lines.2.sku")).isNull();
    assertThat(variables.runtime("order.lines.-3")).isNull();
    assertThat(variables.runtime("order.lines.sku")).isNull();
    assertThat(variables.runtime("order.lines.99999999999999")).isNull();
    assertThat(variables.runtime("name.first")).isNull();
    assertThat(variables.runtime("nope.deeper")).isNull();
    assertThat(variables.runtime("")).isNull();
    assertThat(variables.runtime(null)).isNull();
    assertThat(variables.runtime("order..total")).isNull();
  }

  @Test
  void keysWithDotsAreFoundWhenNoNestedKeyMatches() {
    assertThat(variables.runtime("thread_0.summary")).isEqualTo("flat key");
    assertThat(variables.runtime("a.b.c")).isEqualTo("dotted key inside");
  }

  @Test
  void readsLive() {
    runtime.put("later", "seen");
    assertThat(variables.runtime("later")).isEqualTo("seen");
  }

  @Test
  void nullObjectsAreEmpty() {
    JsonVariables none = new JsonVariables(null, null);
    assertThat(none.runtime("x")).isNull();
    assertThat(none.dynamic("x")).isNull();
  }
}
