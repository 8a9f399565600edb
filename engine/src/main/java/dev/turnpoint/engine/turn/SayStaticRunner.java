package dev.turnpoint.engine.turn;

import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code say_static}: one of the node's messages, placeholders substituted. */
final class SayStaticRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    SayStaticNode node = (SayStaticNode) run.node;
    StaticMessagesConfig config = node.staticMessagesConfig;
    if (config == null || config.staticMessages == null || config.staticMessages.isEmpty()) {
      throw new WorkflowExecutionException("say_static node " + GraphIndex.describe(node) + " has no static_messages");
    }
    int index = run.turn.selectStaticMessage(node.logicalId, config);
    String content = run.render(config.staticMessages.get(index));
    run.emit(run.event(TurnEventType.SAY_STATIC).put("content", content).put("message_index", index));
    run.say(content, new JsonObject().put("source", "say_static"), null);
    run.output.put("content", content).put("message_index", index);
    return Future.succeededFuture(NodeResult.CONTINUE);
  }
}
