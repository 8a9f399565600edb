package dev.turnpoint.engine.llm;

/** What an LLM call is asked to produce. */
public enum LlmCallKind {
  /** A conversational reply (say_llm, or a worker without a schema). */
  REPLY,
  /** A JSON object following {@link LlmRequest#schema()} (worker_llm, say_llm extraction). */
  STRUCTURED,
  /** A yes/no decision on a natural-language condition ({@code condition_freeform}). */
  DECISION
}
