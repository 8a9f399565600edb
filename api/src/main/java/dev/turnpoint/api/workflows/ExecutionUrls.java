package dev.turnpoint.api.workflows;

import dev.turnpoint.api.http.ApiPaths;

import java.util.function.Supplier;

/** Where a client executes a workflow over REST; the base is known only once the server listens. */
public final class ExecutionUrls {

  private final Supplier<String> publicBaseUrl;

  public ExecutionUrls(Supplier<String> publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  String forWorkflow(String workflowId) {
    return publicBaseUrl.get() + ApiPaths.BASE + "/workflows/" + workflowId + "/execute";
  }
}
