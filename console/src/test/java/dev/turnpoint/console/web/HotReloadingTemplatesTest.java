package dev.turnpoint.console.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code dev_templates_dir}, templates are compiled from their sources and a changed source is picked up. */
class HotReloadingTemplatesTest {

  @Test
  void aChangedTemplateIsRenderedAnew(@TempDir Path sources) throws IOException {
    Path template = sources.resolve("layout/error.jte");
    Files.createDirectories(template.getParent());
    Files.writeString(template, "@param dev.turnpoint.console.web.ErrorPage page\n<h1>${page.heading()}</h1>\n");
    PageTemplates templates = PageTemplates.hotReloading(sources);
    ErrorPage page = new ErrorPage(404, "Not <found>", "gone", false);

    assertThat(templates.render("layout/error.jte", page)).isEqualTo("<h1>Not &lt;found&gt;</h1>\n");

    Files.writeString(template, "@param dev.turnpoint.console.web.ErrorPage page\n<h2>${page.message()}</h2>\n");
    Files.setLastModifiedTime(template,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    assertThat(templates.render("layout/error.jte", page)).isEqualTo("<h2>gone</h2>\n");
  }
}
