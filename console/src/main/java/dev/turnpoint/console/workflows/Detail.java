package dev.turnpoint.console.workflows;

/** One labelled setting of a node or workflow, as text. */
public record Detail(String label, String value) {
}
