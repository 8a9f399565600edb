package dev.turnpoint.console.runs;

/** The model of {@code runs/turnVariablesPage.jte}: one turn's variable changes on a page of their own. */
public record TurnVariablesPage(String workflowName, TurnVariables variables) {
}
