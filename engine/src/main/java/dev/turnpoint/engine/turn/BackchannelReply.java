package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmAnswer;
import dev.turnpoint.engine.llm.LlmCallKind;
import dev.turnpoint.engine.llm.LlmReply;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.LlmGroupWithBackchannelConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.PromptConfig;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The reply of a {@code say_llm} whose LLM is an {@code llm_group_with_backchannel}: the main group answers; when it
 * has not within {@code backchannel_min_patience_time_ms} (default 2000), a filler is said first, as an
 * {@code assistant_response} whose {@code response_metadata.backchannel} is true. The filler comes from the
 * backchannel group, asked at once with the node's (else the workflow's) {@code backchannel_response_config} prompt
 * when both exist, else (or when that group fails or is slower than the main one) from
 * {@code backchannel_static_responses} (selected like static messages). After a filler only the main reply's text
 * following {@code non_backchannel_response_prefix} is said; without one the prefix itself is left out.
 */
final class BackchannelReply {

  private final NodeRun run;
  private final LlmNode node;
  private final LlmGroupWithBackchannelConfig config;
  private boolean mainAnswered;
  private boolean fillerSaid;

  BackchannelReply(NodeRun run, LlmNode node, LlmGroupWithBackchannelConfig config) {
    this.run = run;
    this.node = node;
    this.config = config;
  }

  Future<LlmAnswer> answer(LlmRequest request) {
    Future<LlmAnswer> filler = fillerFromLlm(request);
    Future<LlmAnswer> main = run.turn.answerLlm(config, request);
    if (main.isComplete()) {
      mainAnswered = true;
      return main.map(this::mainReply);
    }
    Vertx vertx = run.turn.executor().vertx();
    long patience = config.backchannelMinPatienceTimeMs == null
        ? LlmGroupWithBackchannelConfig.DEFAULT_BACKCHANNEL_MIN_PATIENCE_MS : config.backchannelMinPatienceTimeMs;
    long timer = vertx.setTimer(Math.max(1, patience), id -> patienceOver(filler));
    return main.andThen(done -> {
      mainAnswered = true;
      vertx.cancelTimer(timer);
    }).map(this::mainReply);
  }

  /** The backchannel group's filler, asked right away, or null when there is no group or no prompt for it. */
  private Future<LlmAnswer> fillerFromLlm(LlmRequest request) {
    String prompt = prompt(node.backchannelResponseConfig);
    if (prompt == null) {
      prompt = prompt(run.turn.graph().workflowConfig.backchannelResponseConfig);
    }
    if (config.backchannelLlmConfig == null || prompt == null) {
      return null;
    }
    LlmRequest fillerRequest = new LlmRequest(LlmCallKind.REPLY, run.render(prompt), request.messages(), null, null,
        List.of(), node.logicalId, run.variables());
    return run.turn.answerLlm(config.backchannelLlmConfig, fillerRequest);
  }

  private static String prompt(PromptConfig config) {
    return config == null || config.prompt == null || config.prompt.isBlank() ? null : config.prompt;
  }

  private void patienceOver(Future<LlmAnswer> filler) {
    if (mainAnswered) {
      return;
    }
    if (filler == null) {
      sayStatic();
      return;
    }
    filler.onComplete(outcome -> {
      String content = outcome.succeeded() ? outcome.result().reply().content() : null;
      if (content == null || content.isBlank()) {
        sayStatic();
      } else {
        say(content, "llm", TurnEvents.usageInfo(outcome.result()));
      }
    });
  }

  private void sayStatic() {
    if (config.backchannelStaticResponses == null || config.backchannelStaticResponses.isEmpty()) {
      return;
    }
    StaticMessagesConfig responses = new StaticMessagesConfig();
    responses.staticMessages = config.backchannelStaticResponses;
    responses.staticMessagesSelectionMode = config.backchannelStaticResponsesSelectionMode;
    int index = run.turn.selectStaticMessage("backchannel:" + node.logicalId, responses);
    say(run.render(responses.staticMessages.get(index)), "static", null);
  }

  private void say(String content, String source, JsonObject usage) {
    if (mainAnswered || fillerSaid) {
      return;
    }
    fillerSaid = true;
    run.say(content, new JsonObject().put("backchannel", true).put("source", source)
        .put("llm_group_with_backchannel_id", config.id), usage);
  }

  private LlmAnswer mainReply(LlmAnswer answer) {
    String prefix = config.nonBackchannelResponsePrefix;
    LlmReply reply = answer.reply();
    String content = reply.content();
    if (prefix == null || prefix.isEmpty() || content == null || !content.contains(prefix)) {
      return answer;
    }
    int at = content.indexOf(prefix);
    String rest = content.substring(at + prefix.length()).strip();
    String said = fillerSaid ? rest : (content.substring(0, at).strip() + " " + rest).strip();
    LlmReply trimmed = new LlmReply(said, reply.structuredOutput(), reply.decision(), reply.model(), reply.provider(),
        reply.inputTokens(), reply.outputTokens(), reply.latencyMillis(), reply.userKey());
    return new LlmAnswer(trimmed, answer.calls(), answer.group());
  }
}
