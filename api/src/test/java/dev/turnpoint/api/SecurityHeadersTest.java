package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class SecurityHeadersTest {

  private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("<(script|style)\\b([^>]*)>",
      Pattern.CASE_INSENSITIVE);
  private static ApiFixture api;
  private static String key;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    key = api.newTeamAdmin();
  }

  @Test
  void theDocsPagesForbidFramingAndEverythingNotFromThisServer() {
    for (String path : List.of("/docs", "/docs/", "/docs/swagger-init.js", "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/swagger-ui.css")) {
      HttpResponse<Buffer> response = api.send(GET, path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      String policy = response.getHeader("Content-Security-Policy");
      assertThat(policy).as(path).contains("frame-ancestors 'none'", "default-src 'none'", "script-src 'self'",
          "style-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
      assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
    }
  }

  @Test
  void theDocsPageNeedsNoInlineScriptOrStyle() {
    String page = api.send(GET, "/docs", null).bodyAsString();

    Matcher tags = SCRIPT_OR_STYLE.matcher(page);
    int scripts = 0;
    while (tags.find()) {
      assertThat(tags.group(1)).as(tags.group()).isEqualToIgnoringCase("script");
      assertThat(tags.group(2)).as(tags.group()).contains("src=");
      scripts++;
    }
    assertThat(scripts).isEqualTo(2);
    assertThat(page).doesNotContain("style=", "onload=", "javascript:");
  }

  @Test
  void everyJsonAnswerSaysNoSniff() {
    List<HttpResponse<Buffer>> answers = List.of(
        api.send(GET, "/workflows/v1/workflows", key),
        api.send(GET, "/workflows/v1/openapi.json", null),
        api.send(GET, "/workflows/v1/workflows", null),
        api.send(GET, "/workflows/v1/workflows/not-an-id", key),
        api.send(GET, "/workflows/v1/nothing-here", key),
        api.send(GET, "/elsewhere", null),
        api.send(POST, "/workflows/v1/workflows", key, new JsonObject()),
        api.send(GET, "/workflows/v1/workflows/%zz", key));
    for (HttpResponse<Buffer> answer : answers) {
      assertThat(answer.getHeader("Content-Type")).as(answer.bodyAsString()).startsWith("application/json");
      assertThat(answer.getHeader("X-Content-Type-Options")).as(answer.statusCode() + " " + answer.bodyAsString())
          .isEqualTo("nosniff");
    }
  }
}
