package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.PageTemplates;
import dev.turnpoint.console.web.Pagination;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.CheckpointView;
import dev.turnpoint.model.turn.VariableChanges;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.RunRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run templates print run content as text: markup in messages, variables, comments or names never runs. */
class RunTemplatesTest {

  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMAGE = "\"><img src=x onerror=alert(2)>";
  static final String ATTRIBUTE = "' onmouseover='alert(3)";

  private final PageTemplates templates = PageTemplates.precompiled();
  private final Viewer viewer = new Viewer("key-1", "team-a", ApiKeyRole.MEMBER, false);

  @Test
  void runPageEscapesEverythingTheRunCarries() {
    RunRecord record = hostileRun(WorkflowStatus.COMPLETED);
    RunLive live = RunViews.live(record, TurnStates.of(java.util.Map.of()), viewer, "token", SCRIPT);
    RunPage page = new RunPage(record.runId(), SCRIPT, "65f0c0ffee0000000000000a", SCRIPT + IMAGE, true, 3, IMAGE,
        "2025-01-01 00:00:00 UTC", IMAGE, SCRIPT, List.of(new LineageStep("65f0c0ffee0000000000000b", true, 1,
        false)), 2, null, SCRIPT + IMAGE, live, new RunPage.Evaluation("65f0c0ffee0000000000000c", "running"));

    String html = templates.render("runs/run.jte", page);

    assertSafe(html);
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("\"&gt;&lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).contains("Turn 1").contains("Turn 2");
    assertThat(html).contains("Comments on this run");
    assertThat(html).contains("<a href=\"/runs/65f0c0ffee0000000000000c\"><code>65f0c0ffee0000000000000c</code></a>")
        .contains("<span class=\"muted\">running</span>");
  }

  @Test
  void turnShowsMessagesVariablesEventsAndTokens() {
    RunRecord record = hostileRun(WorkflowStatus.COMPLETED);
    RunLive live = RunViews.live(record, TurnStates.of(java.util.Map.of()), viewer, "token", null);

    TurnView second = live.turns().get(1);
    assertThat(second.userMessages()).containsExactly(IMAGE);
    assertThat(second.assistantMessages()).containsExactly(SCRIPT);
    assertThat(second.nodePath()).containsExactly("Intake " + SCRIPT);
    assertThat(second.variableChanges()).extracting(VariableChange::name, VariableChange::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("name", VariableChanges.Kind.CHANGED),
            org.assertj.core.groups.Tuple.tuple("reason" + SCRIPT, VariableChanges.Kind.ADDED));
    assertThat(second.tokens()).isEqualTo(42L);
    assertThat(second.duration()).isEqualTo("1.50 s");

    String html = templates.render("runs/turn.jte", second);
    assertSafe(html);
    assertThat(html).contains("2 runtime variables changed").contains("42 tokens");
  }

  @Test
  void variableChangesComeFromTheStoredCheckpointsWhenTheyWereRead() {
    RunRecord record = hostileRun(WorkflowStatus.COMPLETED);
    java.util.Map<Integer, JsonObject> checkpoints = java.util.Map.of(
        0, new JsonObject().put("name", IMAGE).put("step", 1),
        1, new JsonObject().put("step", 2).put("done", true));

    List<TurnView> turns = RunViews.live(record, TurnStates.of(checkpoints), viewer, "token", null).turns();

    assertThat(turns.get(0).variableChanges()).extracting(VariableChange::name, VariableChange::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("step", VariableChanges.Kind.ADDED));
    assertThat(turns.get(1).variableChanges()).extracting(VariableChange::name, VariableChange::kind,
            VariableChange::before, VariableChange::after)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("done", VariableChanges.Kind.ADDED, "", "true"),
            org.assertj.core.groups.Tuple.tuple("name", VariableChanges.Kind.REMOVED, IMAGE, ""),
            org.assertj.core.groups.Tuple.tuple("step", VariableChanges.Kind.CHANGED, "1", "2"));
    assertThat(turns.get(1).llmLatency()).isEqualTo("250 ms");
  }

  @Test
  void turnsBeforeTheReadCheckpointsOfferToReadTheirChanges() {
    RunRecord record = hostileRun(WorkflowStatus.COMPLETED);
    java.util.Map<Integer, JsonObject> checkpoints = java.util.Map.of(1, new JsonObject().put("step", 2));

    List<TurnView> turns = RunViews.live(record, TurnStates.of(checkpoints), viewer, "token", null).turns();
    String first = templates.render("runs/turn.jte", turns.get(0));
    String second = templates.render("runs/turn.jte", turns.get(1));

    assertThat(turns).extracting(TurnView::variablesKnown).containsExactly(false, false);
    assertThat(first)
        .contains("<a href=\"/runs/65f0c0ffee0000000000000d/turns/0/variables\" class=\"turn-variables-link\"")
        .contains("hx-target=\"this\"");
    assertThat(second).as("the turn before was not read, so its changes are not known either")
        .contains("/turns/1/variables").doesNotContain("variables changed");
    String expanded = templates.render("runs/turnVariables.jte", new TurnVariables("65f0c0ffee0000000000000d", 4,
        true, List.of(), true));
    assertThat(expanded).contains("No runtime variable changed in turn 5.");
  }

  @Test
  void aForksOverridesShowAfterTheTurnAndEscapeWhatTheyCarry() {
    RunRecord record = hostileRun(WorkflowStatus.COMPLETED);
    record.document().workflowRun.sourceWorkflowRunId = "65f0c0ffee0000000000000b";
    record.document().workflowRun.checkpointSourceTurnIndex = 0;
    JsonObject left = new JsonObject().put("runtime_variables", new JsonObject().put("step", 1))
        .put("dynamic_variables", new JsonObject().put("clinic", "A"));
    JsonObject overridden = new JsonObject().put("runtime_variables", new JsonObject().put("step", 1)
        .put("note" + SCRIPT, IMAGE)).put("dynamic_variables", new JsonObject().put("clinic", ATTRIBUTE));
    TurnStates states = new TurnStates(java.util.Map.of(0, new JsonObject().put("step", 1),
        1, new JsonObject().put("step", 2)), java.util.Map.of(0, List.of(new TurnStates.ForkOverrides(
        record.runId(), "65f0c0ffee0000000000000b", 0, true, true, CheckpointView.of(left),
        CheckpointView.of(overridden)))));

    RunLive live = RunViews.live(record, states, viewer, "token", null);
    String html = templates.render("runs/live.jte", live);

    assertSafe(html);
    assertThat(live.turns().get(0).variableChanges()).as("the turn shows what it changed itself")
        .extracting(VariableChange::name).containsExactly("name", "step");
    assertThat(live.turns().get(1).variableChanges()).extracting(VariableChange::name).containsExactly("note" + SCRIPT,
        "step");
    assertThat(live.turns().get(0).forksAfter()).singleElement().satisfies(fork -> {
      assertThat(fork.thisRun()).isTrue();
      assertThat(fork.changes()).extracting(VariableChange::name)
          .containsExactly("[[note" + SCRIPT + "]]", "{{clinic}}");
    });
    assertThat(html.indexOf("id=\"fork-" + record.runId() + "\"")).isGreaterThan(html.indexOf("id=\"turn-0\""))
        .isLessThan(html.indexOf("id=\"turn-1\""));
    assertThat(html).contains("Forked here").contains("2 variables were overridden")
        .contains("[[note&lt;script&gt;alert(1)&lt;/script&gt;]]");
  }

  @Test
  void commentsOfAnUnfinishedRunAreReadOnly() {
    RunRecord record = hostileRun(WorkflowStatus.WAITING_FOR_USER_INPUT);
    RunLive live = RunViews.live(record, TurnStates.of(java.util.Map.of()), viewer, "token", null);

    String html = templates.render("runs/live.jte", live);

    assertSafe(html);
    assertThat(live.comments().open()).isFalse();
    assertThat(html).contains(RunViews.COMMENTS_CLOSED).doesNotContain("Add comment");
    assertThat(html).contains("name=\"message\"").contains("value=\"pause\"").contains("value=\"stop\"");
  }

  @Test
  void pendingTurnAndCommentBlockEscapeWhatTheUserTyped() {
    String pending = templates.render("runs/pending.jte",
        new PendingTurn(SCRIPT + IMAGE, RunViews.waitingComposer("65f0c0ffee0000000000000a", "token")));
    assertSafe(pending);
    assertThat(pending).contains("hx-swap-oob=\"true\"").contains("disabled");

    CommentsBlock block = new CommentsBlock("65f0c0ffee0000000000000a", 0, List.of(
        new CommentView("comment_1", SCRIPT, IMAGE, "now", "/runs/x/turns/0/comments/comment_1/delete")),
        null, "token", IMAGE, ATTRIBUTE + SCRIPT);
    String comments = templates.render("runs/comments.jte", block);
    assertSafe(comments);
    assertThat(comments).contains("' onmouseover='alert(3)&lt;script&gt;alert(1)&lt;/script&gt;</textarea>");
  }

  @Test
  void runListEscapesNamesAndFilters() {
    RunListPage page = new RunListPage("65f0c0ffee0000000000000a", "completed", null, IMAGE + ATTRIBUTE,
        List.of(new Choice("65f0c0ffee0000000000000a", SCRIPT, true)),
        List.of(new Choice("completed", "Completed", true)),
        List.of(new RunRow("65f0c0ffee0000000000000c", SCRIPT, "65f0c0ffee0000000000000a", IMAGE,
            WorkflowStatus.FAILED, "2025-01-01 00:00:00 UTC", SCRIPT, "65f0c0ffee0000000000000b", 2)),
        Pagination.of(1, 25, 1, n -> "/runs?page=" + n, "#run-results"));

    String html = templates.render("runs/list.jte", page);

    assertSafe(html);
    assertThat(html).contains("value=\"&#34;>&lt;img src=x onerror=alert(2)>&#39; onmouseover=&#39;alert(3)\"");
    assertThat(html).contains("status-failed").contains("1–1 of 1");
  }

  /** No payload became markup: no script or image element anywhere. */
  static void assertSafe(String html) {
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
  }

  private static RunRecord hostileRun(WorkflowStatus status) {
    RunDocument document = new RunDocument();
    document.id = "65f0c0ffee0000000000000d";
    document.teamId = "team-a";
    document.createdAt = "2025-01-01T00:00:00.000000Z";
    document.createdBy = SCRIPT;
    var run = document.workflowRun;
    run.workflowId = "65f0c0ffee0000000000000a";
    run.status = status;
    run.terminationSource = status.isTerminal() ? SCRIPT : null;
    run.llmTokenUsage = new LLMTokenUsage();
    run.llmTokenUsage.record("model" + SCRIPT, "offline", 30, 12, false);
    SayLlmNode intake = new SayLlmNode();
    intake.logicalId = "node_intake";
    intake.name = "Intake " + SCRIPT;
    run.workflowConfigFullyHydrated = new WorkflowConfigFullyHydrated();
    run.workflowConfigFullyHydrated.nodeConfigs.add(intake);
    run.workflowConfigFullyHydrated.runtimeVariables = new JsonObject().put("name", IMAGE);
    run.comments.add(CommentConfig.create(SCRIPT + IMAGE, "key-1"));
    run.inputOutputPairs.add(turn(RunCommand.START, null, List.of(
        event("start_workflow", 100.0),
        event("assistant_response", 100.2).put("content", "Hello " + IMAGE))));
    WorkflowRunInputOutputPair second = turn(RunCommand.DATA, IMAGE, List.of(
        event("start_node_run", 200.0).put("origin_node_logical_id", "node_intake").put("origin_thread_id", "0"),
        event("assistant_response", 201.0).put("content", SCRIPT)
            .put("llm_usage_info", new JsonObject().put("input_tokens", 40).put("output_tokens", 2)
                .put("latency_milliseconds", 250)),
        event("workflow_show_state", 201.5).put("thread_id", "0")
            .put("runtime_variables", new JsonObject().put("name", SCRIPT).put("reason" + SCRIPT, IMAGE))));
    second.comments.add(CommentConfig.create(IMAGE, "someone-else"));
    run.inputOutputPairs.add(second);
    return new RunRecord(document, 7, 2, null, null, null);
  }

  private static WorkflowRunInputOutputPair turn(RunCommand command, String message, List<JsonObject> events) {
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    if (message != null) {
      pair.runInput = WorkflowRunInput.of(command, message);
    } else {
      pair.runInput = new WorkflowRunInput();
      pair.runInput.command = command;
    }
    pair.runOutput = new WorkflowRunOutput();
    pair.runOutput.events.addAll(events);
    return pair;
  }

  private static JsonObject event(String type, double timestamp) {
    return new JsonObject().put("type", type).put("timestamp", timestamp).put("logical_id", "event_" + timestamp);
  }
}
