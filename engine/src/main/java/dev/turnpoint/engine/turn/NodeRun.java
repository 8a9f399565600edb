package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.expression.VariableLookup;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.NodeTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One execution of a node on a thread: its id, the events it emits and the output it leaves in
 * {@code thread_to_node_outputs} ({@code {events, type, node_logical_id, node_run_id, ...type-specific}}). A node of
 * a super node's sub-workflow adds {@code super_node_logical_id} to its output and to every event it emits.
 */
final class NodeRun {
  static final String SUPER_NODE_LOGICAL_ID = "super_node_logical_id";
  final TurnRun turn;
  final ThreadState thread;
  final NodeConfig node;
  final String id = Ids.logicalId("node_run");
  final JsonObject output;
  /** The super node whose sub-workflow this node belongs to, or null; its events and output name it. */
  private final String superNodeLogicalId;
  private final JsonArray events = new JsonArray();
  private boolean ended;

  NodeRun(TurnRun turn, ThreadState thread, NodeConfig node) {
    this.turn = turn;
    this.thread = thread;
    this.node = node;
    this.output = new JsonObject().put("type", node.type).put("node_logical_id", node.logicalId)
        .put("node_run_id", id);
    this.superNodeLogicalId = turn.index().enclosingSuperNode(node).map(superNode -> superNode.logicalId)
        .orElse(null);
    if (superNodeLogicalId != null) {
      output.put(SUPER_NODE_LOGICAL_ID, superNodeLogicalId);
    }
  }

  void start() {
    thread.nodeHistory.add(node.logicalId);
    emit(event(TurnEventType.START_NODE_RUN).put("run_input", new JsonObject()
        .put("type", NodeTypes.runInputType(node.type)).put("node_logical_id", node.logicalId)));
  }

  JsonObject event(String type) {
    JsonObject event = TurnEvents.nodeEvent(type, thread.threadId, node, id);
    return superNodeLogicalId == null ? event : event.put(SUPER_NODE_LOGICAL_ID, superNodeLogicalId);
  }

  JsonObject emit(JsonObject event) {
    events.add(event);
    turn.journal().record(event);
    return event;
  }

  VariableLookup variables() {
    return turn.variables;
  }

  String render(String text) {
    return turn.render(text);
  }

  String render(String text, RenderBudget budget) {
    return turn.render(text, budget);
  }

  RenderBudget renderBudget() {
    return turn.renderBudget();
  }

  void setRuntime(String name, Object value) {
    turn.setRuntime(thread, name, value);
  }

  /** Says a message to the user: an {@code assistant_response} event and an AI message in the thread's history. */
  void say(String content, JsonObject responseMetadata, JsonObject usage) {
    emit(event(TurnEventType.ASSISTANT_RESPONSE).put("content", content)
        .put("response_metadata", responseMetadata == null ? new JsonObject() : responseMetadata)
        .put("llm_usage_info", usage == null ? TurnEvents.noLlmUsage() : usage));
    turn.addMessage(thread, LlmMessages.ai(content));
  }

  /** Parks the thread: a {@code busy_wait_for_user_message} event, kept as the run's {@code next_input_hint}. */
  NodeResult waitForUser() {
    JsonObject wait = emit(event(TurnEventType.BUSY_WAIT_FOR_USER_MESSAGE)
        .put("thread_id", thread.threadId)
        .put("node_logical_id", node.logicalId));
    thread.waitingEvent = wait;
    thread.waitingNodeRunId = id;
    return NodeResult.WAIT;
  }

  void end() {
    if (ended) {
      return;
    }
    ended = true;
    emit(event(TurnEventType.END_NODE_RUN).put("run_output", output.copy()));
    output.put("events", events);
    turn.journal().recordNodeOutput(thread.threadId, output);
  }

  void fail(String message) {
    output.put("success", false).put("error_message", message);
    end();
  }
}
