package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code type} discriminator of a tool config (spec §4.4). */
public enum ToolType {
  INBUILT_FUNCTION, INLINE_PYTHON, EXTERNAL_API, KNOWLEDGE_BASE;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }
}
