package dev.turnpoint.api.keys;

import dev.turnpoint.api.http.AdminOnly;
import dev.turnpoint.api.http.ApiKeyAuthentication;
import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.ApiProblem;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.PageRequest;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.service.ApiKeyInfo;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ApiKeyStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


import java.util.regex.Pattern;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/**
 * API keys. Team admins manage their own team's keys; the platform admin manages any team's, and creating the first
 * key of a new {@code team_id} is how a team comes into being. Members cannot manage keys.
 */
public final class ApiKeyRoutes {

  static final String KEYS = ApiPaths.BASE + "/api-keys";
  static final String KEY = KEYS + "/:key_id";
  private static final String TAG = "API Keys";
  private static final Pattern TEAM_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final int NAME_MAX = 200;

  private final ApiKeyStore keys;
  private final ApiKeyAuthentication authentication;
  private final ModelSchemas models;

  public ApiKeyRoutes(ApiKeyStore keys, ApiKeyAuthentication authentication, ModelSchemas models) {
    this.keys = keys;
    this.authentication = authentication;
    this.models = models;
  }

  public void mount(Router router) {
    AdminOnly admins = AdminOnly.to("manage API keys");
    router.post(KEYS).handler(admins).handler(this::create).putMetadata(OpenApiOperation.METADATA_KEY, createDoc());
    router.get(KEYS).handler(admins).handler(this::list).putMetadata(OpenApiOperation.METADATA_KEY, listDoc());
    router.delete(KEY).handler(admins).handler(this::revoke).putMetadata(OpenApiOperation.METADATA_KEY, revokeDoc());
  }

  private void create(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    JsonFields body = input.jsonBody();
    String teamId = body.optionalString("team_id", 100);
    if (teamId != null && !TEAM_ID.matcher(teamId).matches()) {
      body.reject("String should match pattern '" + TEAM_ID.pattern() + "'", "string_pattern_mismatch", "team_id");
    }
    ApiKeyRole role = role(body);
    String name = body.optionalString("name", NAME_MAX);
    input.validate();
    Caller caller = Caller.of(ctx);
    String team = teamManagedBy(caller, teamId);
    Responses.json(ctx, 201, keys.createKey(team, role, name, caller.userId())
        .map(created -> new JsonObject().put("api_key", Json.toJson(created.info())).put("key", created.key())));
  }

  private static ApiKeyRole role(JsonFields body) {
    String role = body.requiredString("role", 20);
    if (role == null) {
      return null;
    }
    for (ApiKeyRole candidate : ApiKeyRole.values()) {
      if (candidate.wire().equals(role)) {
        return candidate;
      }
    }
    body.reject("Input should be 'admin' or 'member'", "enum", "role");
    return null;
  }

  private void list(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String teamId = teamQuery(input);
    input.validate();
    String team = teamManagedBy(Caller.of(ctx), teamId);
    Responses.json(ctx, 200, keys.listKeys(team).map(found -> PageRequest.whole("api_keys",
        Responses.array(found, Json::toJson))));
  }

  private void revoke(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String keyId = input.objectIdPath("key_id");
    String teamId = teamQuery(input);
    input.validate();
    String team = teamManagedBy(Caller.of(ctx), teamId);
    Responses.noContent(ctx, keys.revokeKey(team, keyId).onSuccess(revoked -> authentication.forget(keyId)));
  }

  private static String teamQuery(RequestInput input) {
    return input.stringQuery("team_id", 100);
  }

  /** The team a request of an admin key acts on, when the caller may manage its keys. */
  private static String teamManagedBy(Caller caller, String requestedTeam) {
    String team = requestedTeam == null ? caller.teamId() : requestedTeam;
    if (!team.equals(caller.teamId()) && !caller.isPlatformAdmin()) {
      throw ApiProblem.forbidden("A team admin can manage only the keys of its own team");
    }
    return team;
  }

  // ---- OpenAPI ----------------------------------------------------------------------------------------------------

  private OpenApiOperation createDoc() {
    return operation(TAG, "Create API Key").adminOnly()
        .description("Creates a key; the answer holds the key itself, shown this once. Team admins create keys for"
            + " their own team; the platform admin for any `team_id` (a new one creates the team).")
        .jsonBody(Schemas.object()
            .optional("team_id", Schemas.string(1, 100).put("pattern", "^" + TEAM_ID.pattern() + "$"))
            .required("role", Schemas.enumOf("admin", "member"))
            .optional("name", Schemas.nullableString(NAME_MAX)).build(), "The new key")
        .response(201, "The new key and its secret", Schemas.object()
            .required("api_key", models.ref(ApiKeyInfo.class))
            .required("key", Schemas.string().put("description", "The secret; it cannot be read again")).build())
        .error(403, "A member key, or another team's keys asked for by a team admin");
  }

  private OpenApiOperation listDoc() {
    return operation(TAG, "Get API Keys").adminOnly()
        .queryParam("team_id", Schemas.nullableString(100), "Another team's keys (platform admin only)")
        .response(200, "The team's keys, without their secrets",
            PageRequest.schema("api_keys", models.ref(ApiKeyInfo.class)))
        .error(403, "A member key, or another team's keys asked for by a team admin");
  }

  private OpenApiOperation revokeDoc() {
    return operation(TAG, "Revoke API Key").adminOnly()
        .description("Revokes a key; it stops working within seconds.")
        .pathParam("key_id", Schemas.objectId(), "The key's id")
        .queryParam("team_id", Schemas.nullableString(100), "The key's team (platform admin only)")
        .emptyResponse(204, "Revoked")
        .error(403, "A member key, or another team's keys asked for by a team admin")
        .error(404, "No such key in the team");
  }
}
