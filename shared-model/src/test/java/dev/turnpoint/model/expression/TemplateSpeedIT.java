package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendering stays linear in the text's length however many stray brackets it holds. The bound is wall time, so it
 * runs in the integration tier, where no other build shares the machine.
 */
class TemplateSpeedIT {

  @Test
  void longTextWithManyStrayBracketsRendersQuickly() {
    String text = "[[x".repeat(20_000) + "{{ y".repeat(20_000) + "[[count]]";
    long started = System.nanoTime();
    String rendered = Templates.render(text, new JsonVariables(new JsonObject().put("count", 3), new JsonObject()));
    assertThat(rendered).endsWith("3");
    assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
  }
}
