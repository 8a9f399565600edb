package dev.turnpoint.service;

import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

/**
 * One finished turn, to be stored by {@link RunStore#commitTurn}.
 *
 * @param leaseToken        the token of the lease taken by {@link RunStore#beginTurn} ({@link LeaseRequest#token()})
 * @param turnIndex         the index the turn gets; must equal the run's turn count
 * @param pair              the turn's input and output
 * @param checkpoint        the state after the turn, from which the next turn (or a fork) resumes
 * @param status            the run's status after the turn
 * @param terminationSource why the run ended, or null
 * @param llmTokenUsage     the run's own usage totals after the turn
 * @param llmLatencyStats   the run's own latency totals after the turn
 * @param configSnapshot    the pinned graph, stored with the first turn (null on later turns)
 * @param versionNumber     the pinned version, with the snapshot
 * @param versionName       the pinned version's name, with the snapshot
 */
public record TurnCommit(String leaseToken, int turnIndex, WorkflowRunInputOutputPair pair, JsonObject checkpoint,
                         WorkflowStatus status, String terminationSource, LLMTokenUsage llmTokenUsage,
                         LLMLatencyStats llmLatencyStats, WorkflowConfigFullyHydrated configSnapshot,
                         Integer versionNumber, String versionName) {
}
