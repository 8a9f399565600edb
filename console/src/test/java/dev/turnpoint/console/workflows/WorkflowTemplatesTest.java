package dev.turnpoint.console.workflows;

import dev.turnpoint.console.web.PageTemplates;
import dev.turnpoint.console.web.Pagination;
import dev.turnpoint.model.workflow.CompanionEdge;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.GlobalNodeConfig;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkerLlmNode;
import dev.turnpoint.model.workflow.WorkflowVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The workflow templates print names, prompts and conditions as text, and mark the graph's structure. */
class WorkflowTemplatesTest {

  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMAGE = "\"><img src=x onerror=alert(2)>";

  private final PageTemplates templates = PageTemplates.precompiled();

  @Test
  void graphListsNodesWithTheirEdgesAndMarksStartAndGlobalNodes() {
    GraphView graph = GraphViews.of(hostileVersion());

    assertThat(graph.nodes()).extracting(NodeRow::name)
        .as("the start node comes first, the others in stored order")
        .containsExactly("Greeting" + SCRIPT, "Intake", "Extractor", "Help " + IMAGE);
    NodeRow greeting = graph.nodes().get(0);
    assertThat(greeting.start()).isTrue();
    assertThat(greeting.details()).extracting(Detail::value).containsExactly("Hello " + IMAGE);
    NodeRow intake = graph.nodes().get(1);
    assertThat(intake.outgoing()).extracting(EdgeRow::type, EdgeRow::destinationName, EdgeRow::companionThread)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("companion", "Extractor", "companion"),
            org.assertj.core.groups.Tuple.tuple("conditional", "Help " + IMAGE, null),
            org.assertj.core.groups.Tuple.tuple("direct", "Extractor", "side" + SCRIPT));
    assertThat(intake.outgoing().get(1).condition()).isEqualTo("[[intent]] == '" + SCRIPT + "'");
    assertThat(intake.outgoing().get(1).conditionIsExpression()).isTrue();
    NodeRow help = graph.nodes().get(3);
    assertThat(help.global()).isTrue();
    assertThat(help.globalCondition()).isEqualTo("the user asks for help " + IMAGE);
    assertThat(graph.danglingEdges()).hasSize(1);
  }

  @Test
  void workflowPageEscapesNamesPromptsAndConditions() {
    WorkflowPage page = new WorkflowPage("65f0c0ffee0000000000000a", SCRIPT, IMAGE, 1, "created", "updated",
        List.of(new VersionRow(1, SCRIPT, true, true, "created", "key"),
            new VersionRow(0, IMAGE, false, false, "created", "key")),
        1, GraphViews.of(hostileVersion()), "token", SCRIPT, IMAGE, IMAGE, true);

    String html = templates.render("workflows/workflow.jte", page);

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("badge-start").contains("badge-global").contains("Activate");
    assertThat(html).contains("value=\"&#34;>&lt;img src=x onerror=alert(2)>\"");
  }

  @Test
  void workflowListEscapesNamesAndDescriptions() {
    WorkflowListPage page = new WorkflowListPage(IMAGE, List.of(
        new WorkflowRow("65f0c0ffee0000000000000a", SCRIPT, IMAGE, SCRIPT, 2, "updated")),
        Pagination.of(1, 25, 1, n -> "/workflows?page=" + n, "#workflow-results"));

    String html = templates.render("workflows/list.jte", page);

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    assertThat(html).contains("active v2");
  }

  private static WorkflowVersion hostileVersion() {
    WorkflowVersion version = new WorkflowVersion();
    version.versionNumber = 1;
    SayStaticNode help = new SayStaticNode();
    help.logicalId = "node_help";
    help.name = "Help " + IMAGE;
    help.globalNodeConfig = new GlobalNodeConfig();
    help.globalNodeConfig.isGlobal = true;
    help.globalNodeConfig.condition = new ConditionConfig();
    help.globalNodeConfig.condition.conditionFreeform = "the user asks for help " + IMAGE;
    SayStaticNode greeting = new SayStaticNode();
    greeting.logicalId = "node_greet";
    greeting.name = "Greeting" + SCRIPT;
    greeting.isStart = true;
    greeting.staticMessagesConfig.staticMessages.add("Hello " + IMAGE);
    SayLlmNode intake = new SayLlmNode();
    intake.logicalId = "node_intake";
    intake.name = "Intake";
    WorkerLlmNode extractor = new WorkerLlmNode();
    extractor.logicalId = "node_extract";
    extractor.name = "Extractor";
    version.nodeConfigs.addAll(List.of(intake, greeting, extractor, help));

    CompanionEdge companion = new CompanionEdge();
    companion.sourceNodeLogicalId = "node_intake";
    companion.destinationNodeLogicalId = "node_extract";
    ConditionalEdge done = new ConditionalEdge();
    done.sourceNodeLogicalId = "node_intake";
    done.destinationNodeLogicalId = "node_help";
    done.condition.conditionExpression = "[[intent]] == '" + SCRIPT + "'";
    DirectEdge side = new DirectEdge();
    side.sourceNodeLogicalId = "node_intake";
    side.destinationNodeLogicalId = "node_extract";
    side.companionThreadConfig = new DirectEdge.CompanionThreadConfig();
    side.companionThreadConfig.isCompanionThread = true;
    side.companionThreadConfig.threadId = "side" + SCRIPT;
    DirectEdge dangling = new DirectEdge();
    dangling.sourceNodeLogicalId = "node_gone";
    dangling.destinationNodeLogicalId = "node_intake";
    version.edgeConfigs.addAll(List.of(companion, done, side, dangling));
    return version;
  }
}
