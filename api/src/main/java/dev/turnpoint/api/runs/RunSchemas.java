package dev.turnpoint.api.runs;

import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import io.vertx.core.json.JsonObject;

/**
 * The JSON Schemas of the run model ({@code GET /workflow-runs/schema}), generated from the same mapping that reads
 * and writes runs, so they stay accurate as the model changes.
 */
final class RunSchemas {

  static final JsonObject ALL = new JsonObject()
      .put("run_schema", ModelSchemas.standalone(WorkflowRun.class))
      .put("run_input_schema", ModelSchemas.standalone(WorkflowRunInput.class))
      .put("run_output_schema", ModelSchemas.standalone(WorkflowRunOutput.class))
      .put("run_input_output_pair_schema", ModelSchemas.standalone(WorkflowRunInputOutputPair.class));

  private RunSchemas() {
  }
}
