package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.PageTemplates;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.LineageRun;
import dev.turnpoint.service.checkpoint.ReplayInput;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import dev.turnpoint.service.checkpoint.ThreadPosition;
import dev.turnpoint.service.checkpoint.TurnComparison;
import dev.turnpoint.service.checkpoint.TurnSummary;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage, comparison and resume templates print what runs carry as text: markup in fork reasons, variable
 * names and values, node names, messages and warnings never becomes part of the page.
 */
class CheckpointTemplatesTest {

  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMAGE = "\"><img src=x onerror=alert(2)>";
  static final String ATTRIBUTE = "' onmouseover='alert(3)";

  private static final String ROOT = "65f0c0ffee000000000000a1";
  private static final String FORK = "65f0c0ffee000000000000a2";
  private static final String FORK_OF_FORK = "65f0c0ffee000000000000a3";
  private static final String SIBLING = "65f0c0ffee000000000000a4";
  private static final String WORKFLOW = "65f0c0ffee000000000000f1";

  private final PageTemplates templates = PageTemplates.precompiled();

  @Test
  void lineageShowsAncestorsAsABreadcrumbAndDescendantsAsATreeWithTheRunHighlighted() {
    LineageRun sibling = new LineageRun(SIBLING, true, WORKFLOW, "failed", "2025-01-01T00:03:00.000000Z", FORK, 0,
        List.of());
    LineageRun deeper = new LineageRun(FORK_OF_FORK, true, WORKFLOW, "completed", "2025-01-01T00:02:00.000000Z",
        FORK, 2, List.of());
    LineageRun fork = new LineageRun(FORK, true, WORKFLOW, "waiting_for_user_input", "2025-01-01T00:01:00.000000Z",
        ROOT, 1, List.of(deeper, sibling));
    LineageRun root = new LineageRun(ROOT, true, WORKFLOW, "completed", "2025-01-01T00:00:00.000000Z", null, null,
        List.of());
    RunLineage lineage = new RunLineage(FORK, List.of(root), fork, false);

    LineagePage page = LineageViews.page(lineage, SCRIPT + IMAGE,
        Map.of(FORK, "retry " + SCRIPT, FORK_OF_FORK, IMAGE + ATTRIBUTE), false);
    String html = templates.render("checkpoints/lineage.jte", page);

    assertSafe(html);
    assertThat(page.runCount()).isEqualTo(4);
    assertThat(page.path()).extracting(LineageEntry::runId).containsExactly(ROOT, FORK);
    assertThat(html).contains("retry &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<p class=\"lineage-reason\">\"&gt;&lt;img src=x onerror=alert(2)&gt;' onmouseover='alert(3)</p>")
        .contains("<li class=\"lineage-node lineage-current\" id=\"lineage-" + FORK + "\">")
        .contains("<span aria-current=\"page\"><code>…000000a2</code></span>")
        .contains("forked at turn 2").contains("forked at turn 3").contains("forked at turn 1")
        .contains("status-failed").contains("status-completed")
        .contains("href=\"/runs/" + FORK + "/compare/" + ROOT + "\"")
        .contains("href=\"/runs/" + FORK + "/compare/" + FORK_OF_FORK + "\"")
        .doesNotContain("href=\"/runs/" + FORK + "/compare/" + FORK + "\"");
    assertThat(html.indexOf("lineage-" + ROOT)).as("the ancestor encloses the run")
        .isLessThan(html.indexOf("lineage-" + FORK));
  }

  @Test
  void aDeletedAncestorIsNamedButNotLinked() {
    RunLineage lineage = new RunLineage(FORK, List.of(new LineageRun(ROOT, false, null, null, null, null, null,
        List.of())), new LineageRun(FORK, true, WORKFLOW, "completed", null, ROOT, 0, List.of()), true);

    String html = templates.render("checkpoints/lineage.jte", LineageViews.page(lineage, "Intake", Map.of(), true));

    assertThat(html).doesNotContain("href=\"/runs/" + ROOT + "\"").contains("no longer available")
        .contains("some runs are left out").contains("Reasons are shown for the first runs");
  }

  @Test
  void comparisonAlignsTurnsFoldsSharedOnesAndMarksTheFirstDifference() {
    TurnSummary start = summary(List.of(), List.of("Hello " + SCRIPT), new JsonObject());
    TurnSummary asked = summary(List.of("Hi"), List.of("Who is it?"), new JsonObject());
    TurnSummary mine = summary(List.of(IMAGE), List.of(SCRIPT), new JsonObject().put("reason" + SCRIPT, IMAGE)
        .putNull("gone"));
    TurnSummary theirs = summary(List.of("plain"), List.of("other"), new JsonObject());
    RunDiff diff = new RunDiff(FORK, ROOT, 3, 4, 2, 2, false, List.of(
        new TurnComparison(0, start, start, true, List.of()),
        new TurnComparison(1, asked, asked, true, List.of()),
        new TurnComparison(2, mine, theirs, false, List.of("user_inputs", "assistant_messages",
            "runtime_variables_changed")),
        new TurnComparison(3, null, theirs, false, List.of("turn"))));
    WorkflowRun fork = runWithNodes(ROOT, 1);
    WorkflowRun root = runWithNodes(null, null);

    ComparePage page = CompareViews.page(diff, fork, root, SCRIPT);
    String html = templates.render("checkpoints/compare.jte", page);

    assertSafe(html);
    assertThat(page.collapsedRows()).extracting(CompareRow::index).containsExactly(0, 1);
    assertThat(page.rows()).extracting(CompareRow::index).containsExactly(2, 3);
    assertThat(page.relation()).isEqualTo("This run was forked from the other run after its turn 2.");
    assertThat(html).contains("Turns 1–2 are shared by both runs and identical")
        .contains("<a href=\"#turn-2\" class=\"first-divergence-link\">Turn 3</a>")
        .contains("class=\"compare-turn compare-differs compare-first-divergent\" id=\"turn-2\"")
        .contains("differs: user input, assistant messages, variables changed")
        .contains("Intake &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<code>reason&lt;script&gt;alert(1)&lt;/script&gt;</code>")
        .contains("<span class=\"muted\">removed</span>")
        .contains("No turn 4.")
        .contains("href=\"/runs/" + ROOT + "/compare/" + FORK + "\"");
  }

  @Test
  void resumeFormAndPreviewEscapeNodesVersionsVariablesAndWarnings() {
    ResumeContext context = resumeContext();
    ResumeSubmission.Values values = new ResumeSubmission.Values("1", "node_intake", "{{" + SCRIPT,
        "reason = x" + IMAGE, ATTRIBUTE + SCRIPT, true, ResumeSubmission.newKey(), "1", true);
    ResumeSubmission.Checked checked = ResumeSubmission.check(context, values, true);
    ResumeForm invalid = ResumeViews.form(context, values, checked, "token", SCRIPT,
        ResumeViews.unavailable(context, ResumeViews.FIX_FIELDS));

    String form = templates.render("checkpoints/resumeForm.jte", invalid);

    assertSafe(form);
    assertThat(invalid.errors()).containsOnlyKeys(ResumeForm.DYNAMIC_VARIABLES);
    assertThat(form).contains("v1 · Second &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<option value=\"node_intake\" selected>Intake &lt;script&gt;alert(1)&lt;/script&gt;</option>")
        .contains("value=\"&#39; onmouseover=&#39;alert(3)&lt;script>alert(1)&lt;/script>\"")
        .contains("reason = x\"&gt;&lt;img src=x onerror=alert(2)&gt;</textarea>")
        .contains("id=\"resume-1-dynamic-variables-error\" role=\"alert\"")
        .contains("aria-describedby=\"resume-1-dynamic-variables-error\"")
        .contains("name=\"placement\" value=\"inline\"").contains("hx-trigger=\"change, keyup changed delay:400ms\"");
  }

  @Test
  void previewShowsCarriedStateAndHighlightsBlockingWarnings() {
    ResumeContext context = resumeContext();
    ResumeSubmission.Values values = new ResumeSubmission.Values("", "", "", "reason = x" + IMAGE, "", false,
        ResumeSubmission.newKey(), "1", true);
    ResumeSubmission.Checked checked = ResumeSubmission.check(context, values, true);
    LLMTokenUsage carried = new LLMTokenUsage();
    carried.record("model", "offline", 1_000, 234, false);
    CheckpointPreview preview = new CheckpointPreview(WORKFLOW, ROOT, 1, 2, 0, "Initial " + SCRIPT, false, null,
        new JsonObject().put("clinic", SCRIPT), new JsonObject().put("reason", IMAGE).put("step", 2),
        List.of(new ThreadPosition("0", "waiting", "node_intake", true),
            new ThreadPosition("0_companion_x", "running", "node_gone", false)),
        carried, new LLMLatencyStats(), List.of(new ReplayInput(2, "data", List.of(SCRIPT))),
        List.of(new CheckpointWarning(CheckpointWarning.UNKNOWN_VARIABLES, "raw", List.of("[[reason]]"), false),
            new CheckpointWarning(CheckpointWarning.MISSING_NODES, "raw", List.of("node_gone"), true),
            new CheckpointWarning("future_code", "Something " + SCRIPT, List.of(), false)),
        false);
    ResumeForm form = ResumeViews.form(context, values, checked, "token", null,
        ResumeViews.panel(context, checked, preview));

    String update = templates.render("checkpoints/previewUpdate.jte", form);

    assertSafe(update);
    assertThat(form.canSubmit()).isFalse();
    assertThat(update).contains("id=\"resume-1-preview\"").contains("resume-preview-blocked")
        .contains("<strong>Cannot fork:</strong> This run's graph has no enabled node node_gone")
        .contains("This run had not set [[reason]] by turn 2; the override adds it.")
        .contains("Something &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("1,234 tokens").contains("2 turns (1–2)")
        .contains("waits for the user at Intake &lt;script&gt;")
        .contains("<code>[[reason]]</code> <span class=\"badge badge-divergent\">override</span>")
        .contains("<code>{{clinic}}</code>")
        .contains("id=\"resume-1-submit\" disabled").contains("hx-swap-oob=\"true\"")
        .contains("id=\"resume-1-start-node-field\"")
        .contains("Not sent unless");
    assertThat(update.indexOf("[[reason]]")).as("runtime variables come first")
        .isLessThan(update.indexOf("{{clinic}}"));
  }

  @Test
  void resumePageWrapsTheFormWithoutInlineControls() {
    ResumeContext context = resumeContext();
    ResumeSubmission.Values values = ResumeSubmission.Values.fresh(false);
    ResumeSubmission.Checked checked = ResumeSubmission.check(context, values, false);
    ResumeForm form = ResumeViews.form(context, values, checked, "token", null,
        ResumeViews.unavailable(context, "No preview: " + SCRIPT));

    String html = templates.render("checkpoints/resumePage.jte", new ResumePage(IMAGE, 3, form));

    assertSafe(html);
    assertThat(html).contains("Resume from turn 2 of 3").contains("No preview: &lt;script&gt;")
        .contains("<a href=\"/runs/" + ROOT + "#turn-1\" class=\"resume-cancel\">Cancel</a>")
        .doesNotContain("name=\"placement\"")
        .contains("formaction=\"/runs/" + ROOT + "/turns/1/resume/preview\"");
  }

  /** No payload became markup: no script or image element, no inline style (quotes matter only in attributes). */
  static void assertSafe(String html) {
    assertThat(html).doesNotContain("<script").doesNotContain("<img src=x").doesNotContain("style=");
  }

  private static ResumeContext resumeContext() {
    RunDocument document = new RunDocument();
    document.id = ROOT;
    document.workflowRun = runWithNodes(null, null);
    document.workflowRun.workflowId = WORKFLOW;
    WorkflowVersion second = new WorkflowVersion();
    second.versionNumber = 1;
    second.versionName = "Second " + SCRIPT;
    second.nodeConfigs = List.copyOf(document.workflowRun.workflowConfigFullyHydrated.nodeConfigs);
    WorkflowVersion first = new WorkflowVersion();
    first.versionNumber = 0;
    return new ResumeContext(new RunRecord(document, 3, 3, null, null, null), 1, List.of(first, second), IMAGE);
  }

  private static WorkflowRun runWithNodes(String source, Integer forkedAt) {
    WorkflowRun run = new WorkflowRun();
    run.status = WorkflowStatus.COMPLETED;
    run.sourceWorkflowRunId = source;
    run.checkpointSourceTurnIndex = forkedAt;
    run.workflowConfigFullyHydrated = new WorkflowConfigFullyHydrated();
    SayStaticNode welcome = new SayStaticNode();
    welcome.logicalId = "node_welcome";
    welcome.name = "Welcome";
    welcome.isStart = true;
    SayLlmNode intake = new SayLlmNode();
    intake.logicalId = "node_intake";
    intake.name = "Intake " + SCRIPT;
    run.workflowConfigFullyHydrated.nodeConfigs.addAll(List.of(welcome, intake));
    return run;
  }

  private static TurnSummary summary(List<String> inputs, List<String> said, JsonObject changed) {
    return new TurnSummary("data", inputs, said, List.of("node_welcome", "node_intake"), changed, 1, 20, 5, 120);
  }
}
