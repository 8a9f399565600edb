package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The outcome of one {@link LlmGateway#answer} call: the reply used, and every reply the call obtained, for usage.
 *
 * @param reply the reply the caller uses
 * @param calls every model call that answered by the time the reply was chosen, the chosen one included; a single
 *              LLM has just {@code reply}
 * @param group for an LLM group, which member answered: {@code {logical_id, operation_mode, member_index,
 *              member_logical_id, model, provider, called}} ({@code called}: the members started, in order), else null
 */
public record LlmAnswer(LlmReply reply, List<LlmReply> calls, JsonObject group) {

  public LlmAnswer {
    calls = List.copyOf(calls);
  }

  /** The answer of a single LLM. */
  public static LlmAnswer single(LlmReply reply) {
    return new LlmAnswer(reply, List.of(reply), null);
  }
}
