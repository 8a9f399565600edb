package dev.turnpoint.engine.llm;

import java.util.List;

/**
 * One round of tool use within an LLM node's turn: the calls the LLM asked for and, in the same order, what each
 * gave back (as the text the LLM reads).
 */
public record LlmToolRound(List<LlmToolCall> calls, List<String> results) {

  public LlmToolRound {
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    if (calls.size() != results.size()) {
      throw new IllegalArgumentException("a tool round needs one result per call");
    }
  }
}
