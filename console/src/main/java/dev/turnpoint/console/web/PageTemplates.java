package dev.turnpoint.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The console's jte templates. In production they are the classes the build generated from {@code src/main/jte};
 * in development ({@code dev_templates_dir}) they are compiled from the sources and recompiled when a file changes.
 * Every template takes one typed model and escapes what it prints as HTML.
 */
public final class PageTemplates {

  /** The package the jte build plugin generates the template classes into. */
  public static final String PACKAGE = "dev.turnpoint.console.templates";
  private static final String DEVELOPMENT_PACKAGE = "dev.turnpoint.console.templates.development";

  private final TemplateEngine engine;

  private PageTemplates(TemplateEngine engine) {
    this.engine = engine;
  }

  public static PageTemplates precompiled() {
    return new PageTemplates(TemplateEngine.createPrecompiled(null, ContentType.Html,
        PageTemplates.class.getClassLoader(), PACKAGE));
  }

  /**
   * Templates compiled from {@code sourceDirectory} on first use and again whenever a source changes. They get their
   * own package, so the precompiled classes in the jar never shadow them.
   */
  public static PageTemplates hotReloading(Path sourceDirectory) {
    try {
      Path classes = Files.createTempDirectory("turnpoint-console-jte");
      return new PageTemplates(TemplateEngine.create(new DirectoryCodeResolver(sourceDirectory), classes,
          ContentType.Html, PageTemplates.class.getClassLoader(), DEVELOPMENT_PACKAGE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for compiled templates", e);
    }
  }

  /** Renders {@code template} (a path under {@code src/main/jte}, e.g. {@code runs/list.jte}) with its model. */
  public String render(String template, Object model) {
    StringOutput output = new StringOutput(8 * 1024);
    engine.render(template, model, output);
    return output.toString();
  }
}
