package dev.turnpoint.engine.llm;

import dev.turnpoint.model.expression.VariableLookup;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One LLM call.
 *
 * @param kind          what the call must produce
 * @param systemPrompt  the rendered system prompt (may be empty)
 * @param messages      the conversation, LangChain-style {@code {"type": "human"|"ai", "content": "..."}}
 * @param schema        the output schema of a {@link LlmCallKind#STRUCTURED} call, else null
 * @param question      the rendered condition of a {@link LlmCallKind#DECISION} call, else null
 * @param decisionKeys  what names the condition for scripted providers: the edge or global node logical id, then
 *                      the condition text
 * @param nodeLogicalId the node the call is made for
 * @param variables     the run's variables, for providers that render scripted text
 * @param tools         the tools a {@link LlmCallKind#REPLY} call may ask to have called (none: a plain reply)
 * @param toolRounds    the tool calls this node's turn already made and their results, oldest first, after
 *                      {@code messages}
 */
public record LlmRequest(LlmCallKind kind, String systemPrompt, List<JsonObject> messages,
                         StructuredOutputSchema schema, String question, List<String> decisionKeys,
                         String nodeLogicalId, VariableLookup variables, List<LlmTool> tools,
                         List<LlmToolRound> toolRounds) {

  public LlmRequest {
    messages = List.copyOf(messages);
    decisionKeys = decisionKeys == null ? List.of() : List.copyOf(decisionKeys);
    tools = tools == null ? List.of() : List.copyOf(tools);
    toolRounds = toolRounds == null ? List.of() : List.copyOf(toolRounds);
  }

  /** A call without tools. */
  public LlmRequest(LlmCallKind kind, String systemPrompt, List<JsonObject> messages, StructuredOutputSchema schema,
                    String question, List<String> decisionKeys, String nodeLogicalId, VariableLookup variables) {
    this(kind, systemPrompt, messages, schema, question, decisionKeys, nodeLogicalId, variables, List.of(),
        List.of());
  }

  /** This call again with one more round of tool calls and their results. */
  public LlmRequest withRound(LlmToolRound round) {
    List<LlmToolRound> rounds = new ArrayList<>(toolRounds);
    rounds.add(round);
    return new LlmRequest(kind, systemPrompt, messages, schema, question, decisionKeys, nodeLogicalId, variables,
        tools, rounds);
  }

  /** Whether this call offers tools: a reply call with at least one. */
  public boolean offersTools() {
    return kind == LlmCallKind.REPLY && !tools.isEmpty();
  }

  /** The text of the last human message, or the empty string before the user has said anything. */
  public String lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (LlmMessages.HUMAN.equals(messages.get(i).getString("type"))) {
        return LlmMessages.content(messages.get(i));
      }
    }
    return "";
  }

  /** The texts of every human message, oldest first. */
  public List<String> userMessages() {
    return messages.stream().filter(m -> LlmMessages.HUMAN.equals(m.getString("type")))
        .map(LlmMessages::content).toList();
  }
}
