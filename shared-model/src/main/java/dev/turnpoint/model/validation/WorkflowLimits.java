package dev.turnpoint.model.validation;

import io.vertx.core.json.JsonObject;

/**
 * How large a workflow graph may be. What a workflow costs to save, read, compare, show and run grows with these
 * sizes, so each is bounded: a graph within every limit is handled in well under 100 ms on any path (the figures are
 * in docs/benchmarks.md, "Large workflows"), and one beyond a limit is refused before any of that work is done.
 *
 * <p>Read from the configuration slice of the verticle that accepts graphs (the api); the keys are those of
 * {@link #from}.
 *
 * @param maxGraphBytes       how many bytes of JSON a graph may take as a request sends it
 *                            ({@code max_workflow_bytes}); what every path costs grows with it
 * @param maxNodes            how many nodes a graph may have ({@code max_workflow_nodes})
 * @param maxEdges            how many edges a graph may have ({@code max_workflow_edges})
 * @param maxGlobalNodes      how many nodes may be global ({@code max_global_nodes}); every turn checks the
 *                            condition of each global node
 * @param maxTextChars        how long any one text of the graph may be: a prompt, a static message, a description
 *                            ({@code max_workflow_text_chars})
 * @param maxExpressionChars  how long a {@code condition_expression} may be ({@code max_condition_expression_chars})
 * @param maxExpressionDepth  how deep a condition expression may nest: the levels of its syntax tree
 *                            ({@code max_condition_expression_depth}), at most {@value #MAX_CONFIGURABLE_DEPTH}
 */
public record WorkflowLimits(int maxGraphBytes, int maxNodes, int maxEdges, int maxGlobalNodes, int maxTextChars,
                             int maxExpressionChars, int maxExpressionDepth) {

  public static final int DEFAULT_MAX_GRAPH_BYTES = 2 * 1024 * 1024;
  public static final int DEFAULT_MAX_NODES = 1000;
  public static final int DEFAULT_MAX_EDGES = 3000;
  public static final int DEFAULT_MAX_GLOBAL_NODES = 50;
  public static final int DEFAULT_MAX_TEXT_CHARS = 100_000;
  public static final int DEFAULT_MAX_EXPRESSION_CHARS = 4000;
  public static final int DEFAULT_MAX_EXPRESSION_DEPTH = 32;
  /** The expression parser refuses deeper nesting anyway. */
  public static final int MAX_CONFIGURABLE_DEPTH = 100;

  /** The defaults. */
  public static final WorkflowLimits DEFAULTS = new WorkflowLimits(DEFAULT_MAX_GRAPH_BYTES, DEFAULT_MAX_NODES,
      DEFAULT_MAX_EDGES, DEFAULT_MAX_GLOBAL_NODES, DEFAULT_MAX_TEXT_CHARS, DEFAULT_MAX_EXPRESSION_CHARS,
      DEFAULT_MAX_EXPRESSION_DEPTH);

  public WorkflowLimits {
    positive("max_workflow_bytes", maxGraphBytes);
    positive("max_workflow_nodes", maxNodes);
    positive("max_workflow_edges", maxEdges);
    if (maxGlobalNodes < 0) {
      throw new IllegalArgumentException("max_global_nodes must not be negative, not " + maxGlobalNodes);
    }
    positive("max_workflow_text_chars", maxTextChars);
    positive("max_condition_expression_chars", maxExpressionChars);
    if (maxExpressionDepth < 1 || maxExpressionDepth > MAX_CONFIGURABLE_DEPTH) {
      throw new IllegalArgumentException("max_condition_expression_depth must be between 1 and "
          + MAX_CONFIGURABLE_DEPTH + ", not " + maxExpressionDepth);
    }
  }

  /** The limits in a configuration slice, each key absent taking its default. */
  public static WorkflowLimits from(JsonObject slice) {
    JsonObject config = slice == null ? new JsonObject() : slice;
    return new WorkflowLimits(
        config.getInteger("max_workflow_bytes", DEFAULT_MAX_GRAPH_BYTES),
        config.getInteger("max_workflow_nodes", DEFAULT_MAX_NODES),
        config.getInteger("max_workflow_edges", DEFAULT_MAX_EDGES),
        config.getInteger("max_global_nodes", DEFAULT_MAX_GLOBAL_NODES),
        config.getInteger("max_workflow_text_chars", DEFAULT_MAX_TEXT_CHARS),
        config.getInteger("max_condition_expression_chars", DEFAULT_MAX_EXPRESSION_CHARS),
        config.getInteger("max_condition_expression_depth", DEFAULT_MAX_EXPRESSION_DEPTH));
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be positive, not " + value);
    }
  }
}
