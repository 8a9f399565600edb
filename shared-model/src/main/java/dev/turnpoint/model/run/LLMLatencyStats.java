package dev.turnpoint.model.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** LLM call latency of a run, with a breakdown by model (spec §3.6). */
public class LLMLatencyStats {
  public long callCount;
  public long totalLatencyMilliseconds;
  public double averageLatencyMilliseconds;
  public List<ModelLatencyStats> breakdownByModels;

  /** One model's share. */
  public static class ModelLatencyStats {
    public String responseModel;
    public String provider;
    public long callCount;
    public long totalLatencyMilliseconds;
    public double averageLatencyMilliseconds;
  }

  public void record(String model, String provider, long latencyMillis) {
    add(model, provider, 1, latencyMillis);
  }

  public void add(LLMLatencyStats other) {
    if (other == null || other.breakdownByModels == null) {
      return;
    }
    for (ModelLatencyStats row : other.breakdownByModels) {
      add(row.responseModel, row.provider, row.callCount, row.totalLatencyMilliseconds);
    }
  }

  private void add(String model, String provider, long calls, long latencyMillis) {
    callCount += calls;
    totalLatencyMilliseconds += latencyMillis;
    averageLatencyMilliseconds = callCount == 0 ? 0 : (double) totalLatencyMilliseconds / callCount;
    if (breakdownByModels == null) {
      breakdownByModels = new ArrayList<>();
    }
    ModelLatencyStats row = breakdownByModels.stream()
        .filter(r -> Objects.equals(r.responseModel, model) && Objects.equals(r.provider, provider))
        .findFirst().orElseGet(() -> {
          ModelLatencyStats created = new ModelLatencyStats();
          created.responseModel = model;
          created.provider = provider;
          breakdownByModels.add(created);
          return created;
        });
    row.callCount += calls;
    row.totalLatencyMilliseconds += latencyMillis;
    row.averageLatencyMilliseconds = row.callCount == 0 ? 0 : (double) row.totalLatencyMilliseconds / row.callCount;
  }
}
