package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCaller;
import dev.turnpoint.engine.llm.LlmGateway;
import dev.turnpoint.engine.sandbox.PythonSandbox;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.workflow.ConversationBoundaryNode;
import dev.turnpoint.model.workflow.DeduplicateNode;
import dev.turnpoint.model.workflow.FieldExtractorNode;
import dev.turnpoint.model.workflow.HttpRequestNode;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NoOpNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.NodeTypes;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.SendSmsNode;
import dev.turnpoint.model.workflow.SuperNode;
import dev.turnpoint.model.workflow.ToolNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowRunFetchNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Executes one turn of a run (spec §5): from the checkpoint the previous turn left (none on the first turn) and the
 * turn's input, it walks the pinned graph until the conversation waits for the user or every thread has ended, and
 * answers the turn's input/output pair, the new checkpoint and the run's status.
 *
 * <p>The first turn starts at {@code run_input.start_node_logical_id}, else the {@code is_start} node. A later turn
 * delivers the user's messages ({@code thread_to_node_inputs["0"].node_run_inputs[].messages}) to the waiting node,
 * which then moves on; a later turn that names {@code start_node_logical_id} continues at that node instead, and a
 * turn without a message only moves the waiting node when one of its conditions now holds. Dynamic and runtime
 * variables of the input are merged into the run's on every turn; {@code initial_state} is ignored (state comes only
 * from the stored checkpoint).
 *
 * <p>Node types and what they do:
 * <ul>
 *   <li>{@code say_static}: says one of its messages (in sequence, or at random but reproducibly per run).</li>
 *   <li>{@code say_llm}: replies with the LLM (system prompt = prefix + node prompt + suffix, unless ignored), then,
 *       with {@code wait_for_user_message}, waits. A {@code structured_output_schema} fills runtime variables from
 *       the conversation: once the user has answered (before companions and conditions), or right after the reply
 *       when the node does not wait.
 *       If the LLM fails after its retries, the node says its {@code default_error_message} instead (with a
 *       {@code workflow_warning} event) so the conversation survives.</li>
 *   <li>{@code worker_llm}: a silent LLM call; with a schema each property of the answer becomes a runtime variable
 *       (properties left out keep their earlier value). With {@code wait_for_user_message} it first waits and works
 *       on the user's answer, before conditions; a self-looping one then waits again.
 *       {@code workflow_run_evaluator} works alike (it never waits), on the run in its input variable, and stores
 *       the whole answer in its output variable.</li>
 *   <li>{@code http_request} and {@code tool_node}: see {@link HttpRequestRunner} and {@link ToolNodeRunner}; a call
 *       that fails is recorded and the run goes on.</li>
 *   <li>{@code no_op}: notes, writes its output variable, waits {@code delay_seconds}, or fails on purpose.</li>
 *   <li>{@code start_conversation} marks a start; {@code end_conversation} ends its thread.</li>
 *   <li>{@code workflow_run_fetch}: loads a run of the same team through the {@link RunReader}.</li>
 *   <li>{@code field_extractor} and {@code deduplicate}: data transforms, see {@link FieldExtractorRunner} and
 *       {@link DeduplicateRunner}.</li>
 *   <li>{@code send_sms}: through the {@link SmsProvider}, see {@link SendSmsRunner}.</li>
 *   <li>{@code super_node}: runs its sub-workflow in place, on the same thread, see {@link SuperNodeRunner} and
 *       {@link SuperNodeExpansion}.</li>
 *   <li>The Athena EHR and Google Docs nodes fail the run with a {@code workflow_error} naming the type.</li>
 * </ul>
 * Companion threads (companion edges, or direct edges flagged {@code is_companion_thread}) run each time their source
 * node finishes, before the source's edges are evaluated, so conditions see what they extracted. They never wait for
 * the user, never self-loop and never jump to global nodes: each run is one pass over its nodes.
 *
 * <p>Any exception fails the run ({@code failed}, {@code execution_error}, a {@code workflow_error} event); too many
 * node executions or chained conditional hops abort it ({@code aborted_looping_risk}); a turn that would end without
 * a valid status fails with {@code finally_safety_net}. A turn that would pass one of its {@link TurnSizeLimits} stops
 * with a {@code workflow_error} naming the bound; a run that was waiting for the user keeps its state from before the
 * turn and takes its next message as usual. The returned future never fails.
 */
public final class TurnExecutor {

  private final Vertx vertx;
  private final LlmGateway llm;
  private final HttpCaller http;
  private final RunReader runs;
  private final TurnLimits limits;
  private final TurnSizeLimits sizeLimits;
  private final PythonSandbox python;
  private final NodeRunner sayStatic = new SayStaticRunner();
  private final NodeRunner llmNode = new LlmNodeRunner();
  private final NodeRunner httpRequest = new HttpRequestRunner();
  private final NodeRunner toolNode = new ToolNodeRunner();
  private final NodeRunner noOp = new NoOpRunner();
  private final NodeRunner workflowRunFetch = new WorkflowRunFetchRunner();
  private final NodeRunner conversationBoundary = new ConversationBoundaryRunner();
  private final NodeRunner fieldExtractor = new FieldExtractorRunner();
  private final NodeRunner deduplicate = new DeduplicateRunner();
  private final NodeRunner superNode = new SuperNodeRunner();
  private final NodeRunner sendSms;

  public TurnExecutor(Vertx vertx, LlmGateway llm, HttpCaller http, RunReader runs, TurnLimits limits,
                      TurnSizeLimits sizeLimits, SmsProvider sms, PythonSandbox python) {
    this.python = python;
    this.vertx = vertx;
    this.llm = llm;
    this.http = http;
    this.runs = runs;
    this.limits = limits;
    this.sizeLimits = sizeLimits;
    this.sendSms = new SendSmsRunner(sms);
  }

  /**
   * Runs one turn.
   *
   * @param graph      the run's pinned graph
   * @param checkpoint the checkpoint after the previous turn, null on the first turn (it is not modified)
   * @param input      the turn's input
   * @param context    team, run and workflow ids and the index of this turn
   */
  public Future<TurnOutcome> execute(WorkflowConfigFullyHydrated graph, RunCheckpoint checkpoint,
                                     WorkflowRunInput input, RunContext context) {
    return SubWorkflows.load(graph, runs, context.teamId())
        .compose(stored -> new TurnRun(this, graph, stored, checkpoint, input, context).run());
  }

  NodeRunner runnerFor(NodeConfig node) {
    if (node instanceof SayStaticNode) {
      return sayStatic;
    }
    if (node instanceof LlmNode) {
      return llmNode;
    }
    if (node instanceof HttpRequestNode) {
      return httpRequest;
    }
    if (node instanceof ToolNode) {
      return toolNode;
    }
    if (node instanceof NoOpNode) {
      return noOp;
    }
    if (node instanceof WorkflowRunFetchNode) {
      return workflowRunFetch;
    }
    if (node instanceof ConversationBoundaryNode
        && (NodeTypes.START_CONVERSATION.equals(node.type) || NodeTypes.END_CONVERSATION.equals(node.type))) {
      return conversationBoundary;
    }
    if (node instanceof FieldExtractorNode) {
      return fieldExtractor;
    }
    if (node instanceof DeduplicateNode) {
      return deduplicate;
    }
    if (node instanceof SendSmsNode) {
      return sendSms;
    }
    if (node instanceof SuperNode) {
      return superNode;
    }
    throw new WorkflowExecutionException("node " + GraphIndex.describe(node) + " has type '" + node.type
        + "', which Turnpoint cannot execute");
  }

  Vertx vertx() {
    return vertx;
  }

  LlmGateway llm() {
    return llm;
  }

  HttpCaller http() {
    return http;
  }

  PythonSandbox python() {
    return python;
  }

  RunReader runs() {
    return runs;
  }

  TurnLimits limits() {
    return limits;
  }

  TurnSizeLimits sizeLimits() {
    return sizeLimits;
  }
}
