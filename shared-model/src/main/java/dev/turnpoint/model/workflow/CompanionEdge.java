package dev.turnpoint.model.workflow;

/** Runs the destination node on its own thread beside the main flow (a silent extractor, say). */
public class CompanionEdge extends EdgeConfig {
  public CompanionEdge() {
    super(COMPANION);
  }
}
