package dev.turnpoint.engine.turn;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a run's variables within {@link TurnSizeLimits#maxVariableBytes()} each and
 * {@link TurnSizeLimits#maxRunVariablesBytes()} together (dynamic and runtime variables, as JSON; a thread's own copy
 * of what it wrote, {@code [[thread_<id>.name]]}, is the same value and not counted again). The variables are
 * measured once when the turn has merged its input, then each write only measures the value written.
 */
final class RunVariableSizes {

  private final TurnSizeLimits limits;
  private final Map<String, Long> runtime = new HashMap<>();
  private long total;

  private RunVariableSizes(TurnSizeLimits limits) {
    this.limits = limits;
  }

  /**
   * Measures every variable of a run.
   *
   * @throws TurnSizeExceededException when one variable, or all of them, are over their bound
   */
  static RunVariableSizes measure(TurnSizeLimits limits, JsonObject dynamicVariables, JsonObject runtimeVariables) {
    RunVariableSizes sizes = new RunVariableSizes(limits);
    dynamicVariables.forEach(entry -> sizes.total += sizes.sizeOf("dynamic", entry.getKey(), entry.getValue()));
    runtimeVariables.forEach(entry -> {
      long size = sizes.sizeOf("runtime", entry.getKey(), entry.getValue());
      sizes.runtime.put(entry.getKey(), size);
      sizes.total += size;
    });
    sizes.requireTotal();
    return sizes;
  }

  /**
   * Admits a runtime variable's new value before it is written.
   *
   * @throws TurnSizeExceededException when the value, or the run's variables with it, would be over their bound
   */
  void admitRuntime(String name, Object value) {
    long size = sizeOf("runtime", name, value);
    long after = total - runtime.getOrDefault(name, 0L) + size;
    if (after > limits.maxRunVariablesBytes()) {
      throw new TurnSizeExceededException("writing runtime variable '" + name + "' would make the run's variables"
          + " larger than " + limits.maxRunVariablesBytes() + " bytes (engine setting max_run_variables_bytes)");
    }
    runtime.put(name, size);
    total = after;
  }

  private long sizeOf(String scope, String name, Object value) {
    long size = JsonSize.of(value, limits.maxVariableBytes());
    if (size > limits.maxVariableBytes()) {
      throw new TurnSizeExceededException(scope + " variable '" + name + "' would be larger than "
          + limits.maxVariableBytes() + " bytes (engine setting max_variable_bytes)");
    }
    return size;
  }

  private void requireTotal() {
    if (total > limits.maxRunVariablesBytes()) {
      throw new TurnSizeExceededException("the run's variables would be larger than " + limits.maxRunVariablesBytes()
          + " bytes together (engine setting max_run_variables_bytes)");
    }
  }
}
