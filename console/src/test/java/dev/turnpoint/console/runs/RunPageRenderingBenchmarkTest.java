package dev.turnpoint.console.runs;

import dev.turnpoint.console.ConsoleFixture;
import dev.turnpoint.console.web.PageTemplates;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.RunRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the console takes to render the page of a run with 200 turns, driven through the real engine on the
 * offline LLM (so every turn carries the events a real turn stores, the companion thread's included). Prints the
 * median and p99 of {@value #MEASURED} runs after {@value #WARM_UP} to warm up, for: the store reads the page makes
 * (the run, the checkpoints of its latest turns), building the page's model from them, rendering the template
 * alone, and the whole {@code GET /runs/{id}} (store reads over the event bus included). A harness: it prints figures
 * and never fails on them.
 *
 * <p>{@code mvn -B -o verify -Pbenchmarks -pl console -am}
 */
@Tag("benchmark")
class RunPageRenderingBenchmarkTest {

  static final int TURNS = 200;
  static final int WARM_UP = 30;
  static final int MEASURED = 100;

  @Test
  void runPageOfTwoHundredTurns() {
    JsonObject engineConfig = new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm"))
        .put("reaper_interval_ms", 0);
    try (ConsoleFixture fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        engineConfig)) {
      WorkflowDocument workflow = fixture.services.workflows().createWorkflow(ConsoleFixture.TEAM, "bench",
          ConsoleFixture.frontDesk()).await();
      String[] messages = new String[TURNS - 1];
      for (int i = 0; i < messages.length; i++) {
        messages[i] = i == 0 ? "Hi" : "Let me think about it, message " + i;
      }
      long seeding = System.nanoTime();
      String runId = fixture.driveRun(ConsoleFixture.TEAM, workflow.id, messages);
      seeding = System.nanoTime() - seeding;
      RunRecord run = fixture.services.runs().getRun(ConsoleFixture.TEAM, runId).await();
      assertThat(run.turnCount()).isEqualTo(TURNS);
      int runBytes = Json.encode(run.document()).length();
      int checkpointBytes = fixture.services.runs().getCheckpoint(ConsoleFixture.TEAM, runId, TURNS - 1).await()
          .encode().length();
      int events = run.document().workflowRun.inputOutputPairs.stream()
          .mapToInt(pair -> pair.runOutput.events.size()).sum();

      PageTemplates templates = PageTemplates.precompiled();
      Viewer viewer = new Viewer("bench", ConsoleFixture.TEAM, ApiKeyRole.MEMBER, false);
      TurnStates states = TurnCheckpoints.read(fixture.services.runs(), ConsoleFixture.TEAM, run).await();
      Supplier<RunPage> model = () -> new RunPage(runId, run.document().workflowRun.logicalId, workflow.id,
          "Front desk", true, 0, "Initial Version", "2025-01-01 00:00:00 UTC", "bench", "bench", List.of(), 0, null,
          null, RunViews.live(run, states, viewer, "token", null), null);
      RunPage page = model.get();
      WebClientSession browser = fixture.browser();
      fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));

      Figures read = measure(() -> fixture.services.runs().getRun(ConsoleFixture.TEAM, runId).await().turnCount());
      Figures checkpoints = measure(() -> TurnCheckpoints.read(fixture.services.runs(), ConsoleFixture.TEAM, run)
          .await().runtimeAfter().size());
      Figures build = measure(() -> model.get().live().turns().size());
      Figures render = measure(() -> templates.render("runs/run.jte", page).length());
      Figures get = measure(() -> {
        HttpResponse<Buffer> response = browser.get("/runs/" + runId).send().await();
        if (response.statusCode() != 200) {
          throw new IllegalStateException("run page answered " + response.statusCode());
        }
        return response.body().length();
      });

      System.out.printf(Locale.ROOT, "Run page benchmark: %d turns, %d events (seeded through the engine in %.1f s);"
          + " the run is %,d bytes of JSON, the checkpoint after its last turn %,d; the page is %,d bytes of HTML"
          + "%n", TURNS, events, seeding / 1e9, runBytes, checkpointBytes, get.size());
      System.out.println(read.line("read the run (RunStore.getRun)"));
      System.out.println(checkpoints.line("read the latest checkpoints"));
      System.out.println(build.line("page model from the stored run"));
      System.out.println(render.line("template render (runs/run.jte)"));
      System.out.println(get.line("GET /runs/{id} (store reads, model, page)"));
    }
  }

  private record Figures(List<Long> nanos, int size) {
    String line(String what) {
      return String.format(Locale.ROOT, "  %-42s median %7.2f ms   p99 %7.2f ms   (%d runs)", what,
          percentile(0.50), percentile(0.99), nanos.size());
    }

    double percentile(double p) {
      int index = (int) Math.ceil(p * nanos.size()) - 1;
      return nanos.get(Math.max(0, index)) / 1e6;
    }
  }

  private static Figures measure(Supplier<Integer> work) {
    int size = 0;
    for (int i = 0; i < WARM_UP; i++) {
      size = work.get();
    }
    List<Long> nanos = new ArrayList<>(MEASURED);
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      size = work.get();
      nanos.add(System.nanoTime() - start);
    }
    Collections.sort(nanos);
    return new Figures(nanos, size);
  }
}
