package dev.turnpoint.model.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Token totals of a run, with a breakdown by model and provider (spec §3.6). */
public class LLMTokenUsage {
  public long totalInputTokens;
  public long totalOutputTokens;
  public long totalTokens;
  public long callCountWithUserKeys;
  public long callCountWithFallbackKeys;
  public long callCount;
  public List<ModelTokenUsage> breakdownByModels;

  /** One model's share. */
  public static class ModelTokenUsage {
    public String responseModel;
    public String provider;
    public long totalInputTokens;
    public long totalOutputTokens;
    public long totalTokens;
    public long callCountWithUserKeys;
    public long callCountWithFallbackKeys;
    public long callCount;
  }

  /** Adds one LLM call; {@code userKey} tells whether the team's own key paid for it. */
  public void record(String model, String provider, long inputTokens, long outputTokens, boolean userKey) {
    ModelTokenUsage call = new ModelTokenUsage();
    call.responseModel = model;
    call.provider = provider;
    call.totalInputTokens = inputTokens;
    call.totalOutputTokens = outputTokens;
    call.totalTokens = inputTokens + outputTokens;
    call.callCount = 1;
    call.callCountWithUserKeys = userKey ? 1 : 0;
    call.callCountWithFallbackKeys = userKey ? 0 : 1;
    addRow(call);
  }

  /** Adds every call of another total to this one. */
  public void add(LLMTokenUsage other) {
    if (other != null && other.breakdownByModels != null) {
      other.breakdownByModels.forEach(this::addRow);
    }
  }

  private void addRow(ModelTokenUsage calls) {
    totalInputTokens += calls.totalInputTokens;
    totalOutputTokens += calls.totalOutputTokens;
    totalTokens += calls.totalTokens;
    callCountWithUserKeys += calls.callCountWithUserKeys;
    callCountWithFallbackKeys += calls.callCountWithFallbackKeys;
    callCount += calls.callCount;
    if (breakdownByModels == null) {
      breakdownByModels = new ArrayList<>();
    }
    ModelTokenUsage row = breakdownByModels.stream()
        .filter(r -> Objects.equals(r.responseModel, calls.responseModel)
            && Objects.equals(r.provider, calls.provider))
        .findFirst().orElseGet(() -> {
          ModelTokenUsage created = new ModelTokenUsage();
          created.responseModel = calls.responseModel;
          created.provider = calls.provider;
          breakdownByModels.add(created);
          return created;
        });
    row.totalInputTokens += calls.totalInputTokens;
    row.totalOutputTokens += calls.totalOutputTokens;
    row.totalTokens += calls.totalTokens;
    row.callCountWithUserKeys += calls.callCountWithUserKeys;
    row.callCountWithFallbackKeys += calls.callCountWithFallbackKeys;
    row.callCount += calls.callCount;
  }
}
