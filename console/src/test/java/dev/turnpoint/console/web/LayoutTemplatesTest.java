package dev.turnpoint.console.web;

import dev.turnpoint.service.ApiKeyRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The document around every page: htmx from the console itself, the token for htmx, no inline script. */
class LayoutTemplatesTest {

  private final PageTemplates templates = PageTemplates.precompiled();

  @Test
  void layoutLoadsOnlyOwnScriptsAndHandsTheTokenToHtmx() {
    Viewer viewer = new Viewer("key", "<script>alert(1)</script>", ApiKeyRole.ADMIN, false);
    PageFrame frame = new PageFrame("\"><img src=x onerror=alert(2)>", Section.RUNS, viewer, "abc123",
        output -> output.writeContent("<p id=\"body\">body</p>"));

    String html = templates.render("layout/page.jte", frame);

    assertThat(html).contains("<script src=\"/static/htmx.min.js\" defer></script>")
        .contains("<script src=\"/static/htmx-ext-sse.js\" defer></script>")
        .contains("<meta name=\"csrf-token\" content=\"abc123\">")
        .contains("hx-headers=\"{&#34;X-CSRF-Token&#34;: &#34;abc123&#34;}\"")
        .contains("<p id=\"body\">body</p>")
        .contains("<a href=\"/runs\" aria-current=\"page\">Runs</a>")
        .contains("<a href=\"/workflows\">Workflows</a>");
    assertThat(html).doesNotContain("<script>").doesNotContain("<img src=x").doesNotContain("style=");
    assertThat(html.replace("<script src=", "")).doesNotContain("<script");
  }

  @Test
  void errorPageEscapesTheMessage() {
    String html = templates.render("layout/error.jte",
        new ErrorPage(409, "Not possible right now", "<script>alert(1)</script>", true));

    assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>");
  }
}
