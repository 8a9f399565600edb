package dev.turnpoint.engine.turn;

import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.NodeTypes;
import io.vertx.core.Future;

/** {@code start_conversation} marks where a conversation starts; {@code end_conversation} ends its thread. */
final class ConversationBoundaryRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    boolean end = NodeTypes.END_CONVERSATION.equals(run.node.type);
    run.emit(run.event(end ? TurnEventType.END_CONVERSATION : TurnEventType.START_CONVERSATION));
    return Future.succeededFuture(end ? NodeResult.END : NodeResult.CONTINUE);
  }
}
