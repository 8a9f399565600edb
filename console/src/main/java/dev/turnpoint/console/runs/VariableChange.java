package dev.turnpoint.console.runs;

/** A runtime variable a turn added, changed or removed; values are compact JSON ({@code before} empty when added). */
public record VariableChange(String name, Kind kind, String before, String after) {

  public enum Kind {
    ADDED, CHANGED, REMOVED;

    public String label() {
      return name().toLowerCase();
    }
  }
}
