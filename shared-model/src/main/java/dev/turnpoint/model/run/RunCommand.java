package dev.turnpoint.model.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a run input asks for (spec §3.3). */
public enum RunCommand {
  START, DATA, RESUME, PAUSE, STOP;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static RunCommand fromWire(String value) {
    for (RunCommand command : values()) {
      if (command.wire().equals(value)) {
        return command;
      }
    }
    throw new IllegalArgumentException("unknown command '" + value + "'");
  }
}
