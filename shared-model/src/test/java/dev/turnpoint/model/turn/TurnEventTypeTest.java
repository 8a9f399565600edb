package dev.turnpoint.model.turn;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TurnEventTypeTest {

  @Test
  void everyTypeIsListedOnceInDeclarationOrderWithItsSnakeCaseWireName() throws IllegalAccessException {
    List<String> declared = new ArrayList<>();
    for (Field field : TurnEventType.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String wire = (String) field.get(null);
        assertThat(wire).as(field.getName()).isEqualTo(field.getName().toLowerCase(java.util.Locale.ROOT));
        declared.add(wire);
      }
    }

    assertThat(TurnEventType.ALL).containsExactlyElementsOf(declared).doesNotHaveDuplicates().hasSize(29);
  }

  @Test
  void theFieldNamesAreDistinct() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : TurnEventFields.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }

    assertThat(names).doesNotHaveDuplicates().contains("type", "content", "origin_node_logical_id",
        "destination_node_name", "llm_usage_info");
  }
}
