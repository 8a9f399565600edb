package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ApiKeyRoutesTest {

  private static final String KEYS = "/workflows/v1/api-keys";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  @Test
  void thePlatformAdminBringsATeamIntoBeingWithItsFirstKey() {
    String teamId = ApiFixture.newTeamId();

    HttpResponse<Buffer> created = api.send(POST, KEYS, api.platformAdminKey,
        new JsonObject().put("team_id", teamId).put("role", "admin").put("name", "first admin"));

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject answer = created.bodyAsJsonObject();
    String secret = answer.getString("key");
    assertThat(secret).isNotBlank();
    JsonObject info = answer.getJsonObject("api_key");
    assertThat(info.getString("team_id")).isEqualTo(teamId);
    assertThat(info.getString("role")).isEqualTo("admin");
    assertThat(info.getString("name")).isEqualTo("first admin");
    assertThat(info.getBoolean("platform_admin")).isFalse();
    assertThat(secret).startsWith(info.getString("key_prefix"));

    HttpResponse<Buffer> listed = api.send(GET, "/workflows/v1/workflows", secret);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getLong("total")).isZero();
    JsonArray keys = api.send(GET, KEYS, secret).bodyAsJsonObject().getJsonArray("api_keys");
    assertThat(keys).hasSize(1);
    assertThat(keys.encode()).doesNotContain(secret).doesNotContain("hash");
  }

  @Test
  void aTeamAdminManagesOnlyItsOwnTeamsKeys() {
    String teamId = ApiFixture.newTeamId();
    String admin = api.teamKey(teamId, ApiKeyRole.ADMIN);

    assertThat(api.send(POST, KEYS, admin, new JsonObject().put("role", "member")).statusCode()).isEqualTo(201);
    JsonObject own = api.send(POST, KEYS, admin, new JsonObject().put("role", "admin").put("team_id", teamId))
        .bodyAsJsonObject();
    assertThat(own.getJsonObject("api_key").getString("team_id")).isEqualTo(teamId);

    HttpResponse<Buffer> foreign = api.send(POST, KEYS, admin, new JsonObject().put("role", "member")
        .put("team_id", ApiFixture.newTeamId()));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.bodyAsJsonObject().getString("detail")).isNotBlank();
    assertThat(api.send(GET, KEYS + "?team_id=" + ApiFixture.PLATFORM_TEAM, admin).statusCode()).isEqualTo(403);
    JsonObject keys = api.send(GET, KEYS, admin).bodyAsJsonObject();
    assertThat(keys.getInteger("total")).isEqualTo(3);
    assertThat(keys.copy().put("api_keys", 0)).as("one page of every key").isEqualTo(new JsonObject()
        .put("api_keys", 0).put("total", 3).put("page", 1).put("size", 3).put("pages", 1).put("has_next", false));
  }

  @Test
  void membersCannotManageKeys() {
    String teamId = ApiFixture.newTeamId();
    String member = api.teamKey(teamId, ApiKeyRole.MEMBER);
    String adminKeyId = api.keys.createKey(teamId, ApiKeyRole.ADMIN, "admin", "test").await().info().id();

    assertThat(api.send(POST, KEYS, member, new JsonObject().put("role", "member")).statusCode()).isEqualTo(403);
    assertThat(api.send(GET, KEYS, member).statusCode()).isEqualTo(403);
    assertThat(api.send(DELETE, KEYS + "/" + adminKeyId, member).statusCode()).isEqualTo(403);
    assertThat(api.send(GET, "/workflows/v1/workflows", member).statusCode()).isEqualTo(200);
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    String teamId = ApiFixture.newTeamId();
    String admin = api.teamKey(teamId, ApiKeyRole.ADMIN);
    JsonObject created = api.send(POST, KEYS, admin, new JsonObject().put("role", "member")).bodyAsJsonObject();
    String member = created.getString("key");
    String memberId = created.getJsonObject("api_key").getString("id");
    assertThat(api.send(GET, "/workflows/v1/workflows", member).statusCode()).isEqualTo(200);

    assertThat(api.send(DELETE, KEYS + "/" + memberId, admin).statusCode()).isEqualTo(204);

    HttpResponse<Buffer> refused = api.send(GET, "/workflows/v1/workflows", member);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    JsonObject listed = api.send(GET, KEYS, admin).bodyAsJsonObject().getJsonArray("api_keys").stream()
        .map(JsonObject.class::cast).filter(key -> memberId.equals(key.getString("id"))).findFirst().orElseThrow();
    assertThat(listed.getString("revoked_at")).isNotNull();
  }

  @Test
  void anotherTeamsKeyCannotBeRevokedAndLooksMissing() {
    String admin = api.newTeamAdmin();
    String otherTeam = ApiFixture.newTeamId();
    String otherKeyId = api.keys.createKey(otherTeam, ApiKeyRole.MEMBER, "m", "test").await().info().id();

    assertThat(api.send(DELETE, KEYS + "/" + otherKeyId, admin).statusCode()).isEqualTo(404);
    assertThat(api.send(DELETE, KEYS + "/" + Ids.newObjectId(), admin).statusCode()).isEqualTo(404);
    assertThat(api.send(DELETE, KEYS + "/" + otherKeyId + "?team_id=" + otherTeam, admin).statusCode())
        .isEqualTo(403);
    assertThat(api.send(DELETE, KEYS + "/" + otherKeyId + "?team_id=" + otherTeam, api.platformAdminKey)
        .statusCode()).isEqualTo(204);
  }

  @Test
  void thePlatformAdminListsAnyTeamsKeys() {
    String teamId = ApiFixture.newTeamId();
    api.teamKey(teamId, ApiKeyRole.MEMBER);
    api.teamKey(teamId, ApiKeyRole.ADMIN);

    JsonObject listed = api.send(GET, KEYS + "?team_id=" + teamId, api.platformAdminKey).bodyAsJsonObject();

    assertThat(listed.getInteger("total")).isEqualTo(2);
    assertThat(listed.getJsonArray("api_keys").stream().map(k -> ((JsonObject) k).getString("team_id")))
        .containsOnly(teamId);
  }

  @Test
  void requestsWithoutAValidKeyAre401WithABearerChallenge() {
    List<String> authorizations = List.of("", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer not-a-key",
        "Token " + api.platformAdminKey);
    for (String authorization : authorizations) {
      var request = api.client.get("/workflows/v1/workflows");
      if (!authorization.isEmpty()) {
        request.putHeader("Authorization", authorization);
      }
      HttpResponse<Buffer> refused = request.send().await();
      assertThat(refused.statusCode()).as(authorization).isEqualTo(401);
      assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(refused.bodyAsJsonObject().getString("detail")).isNotBlank();
    }
    assertThat(api.client.get("/workflows/v1/workflows").putHeader("Authorization", "bearer "
        + api.platformAdminKey).send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void keyRequestsAreValidated() {
    String admin = api.newTeamAdmin();

    assertThat(detail(api.send(POST, KEYS, admin, new JsonObject())))
        .isEqualTo(List.of("body.role:missing"));
    assertThat(detail(api.send(POST, KEYS, admin, new JsonObject().put("role", "owner"))))
        .isEqualTo(List.of("body.role:enum"));
    assertThat(detail(api.send(POST, KEYS, api.platformAdminKey,
        new JsonObject().put("role", "admin").put("team_id", "no spaces allowed"))))
        .isEqualTo(List.of("body.team_id:string_pattern_mismatch"));
    assertThat(detail(api.send(DELETE, KEYS + "/not-an-id", admin)))
        .isEqualTo(List.of("path.key_id:string_pattern_mismatch"));
  }

  static List<String> detail(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
    return response.bodyAsJsonObject().getJsonArray("detail").stream().map(JsonObject.class::cast)
        .map(error -> String.join(".", error.getJsonArray("loc").stream().map(String::valueOf).toList()) + ":"
            + error.getString("type"))
        .toList();
  }
}
