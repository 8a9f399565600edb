package dev.turnpoint.engine;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test graphs: read from test resources and parsed with the wire model's mapping. */
public final class GraphResources {

  private GraphResources() {
  }

  public static WorkflowConfigFullyHydrated graph(String json) {
    try {
      return Json.MAPPER.readValue(json, WorkflowConfigFullyHydrated.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String resource(String name) {
    try (InputStream in = GraphResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
