package dev.turnpoint.api;

import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceProxies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of megabytes, whose reply from the store is decoded and whose answer is built on worker threads, is answered
 * whole and as before, credentials masked, while other requests are answered.
 */
@ExtendWith(VertxExtension.class)
class LargeRunAnswerTest {

  private static final int TURNS = 40;
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  @Test
  void aMultiMegabyteRunIsAnsweredWholeWhileOthersAreAnswered() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.ADMIN);
    String filler = " " + "lorem ipsum ".repeat(5_000);
    RunRecord run = TestRuns.run(api.runs, teamId, "0123456789abcdef01234567", TURNS, WorkflowStatus.COMPLETED,
        filler);

    Future<HttpResponse<Buffer>> large = api.request(GET, "/workflows/v1/workflow-runs/" + run.runId(), key).send();
    Future<HttpResponse<Buffer>> small = api.request(GET, "/workflows/v1/workflow-runs?size=1", key).send();

    HttpResponse<Buffer> answer = large.await();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body().length()).isGreaterThan(2 * ServiceProxies.DECODE_OFF_LOOP_CHARS);
    assertThat(answer.bodyAsString()).doesNotContain(TestRuns.PROVIDER_KEY);
    JsonObject workflowRun = answer.bodyAsJsonObject().getJsonObject("workflow_run");
    assertThat(workflowRun.getString("_id")).isEqualTo(run.runId());
    JsonArray pairs = workflowRun.getJsonObject("workflow_run").getJsonArray("input_output_pairs");
    assertThat(pairs).hasSize(TURNS);
    for (int turn = 0; turn < TURNS; turn++) {
      assertThat(pairs.getJsonObject(turn).encode()).contains("message " + turn + filler);
    }
    assertThat(small.await().statusCode()).isEqualTo(200);
  }
}
