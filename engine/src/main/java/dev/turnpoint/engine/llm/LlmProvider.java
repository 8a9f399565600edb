package dev.turnpoint.engine.llm;

import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;

/** A way of calling a language model. Fails with {@link LlmException}. */
public interface LlmProvider {
  Future<LlmReply> call(LlmConfig config, LlmRequest request);
}
