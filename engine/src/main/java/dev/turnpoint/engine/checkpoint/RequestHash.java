package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a checkpoint run request for its idempotency key: SHA-256 of a canonical JSON form of everything
 * but the key (path ids and body), with object keys sorted at every depth and absent values written as their
 * defaults, so the same request hashes the same however its JSON was ordered or whether defaults were spelled out.
 */
final class RequestHash {

  private RequestHash() {
  }

  static String of(CheckpointRunRequest request) {
    JsonObject canonical = new JsonObject()
        .put("workflow_id", request.workflowId())
        .put("run_id", request.sourceRunId())
        .put("resume_turn_index", request.resumeTurnIndex())
        .put("start_node_logical_id", request.startNodeLogicalId())
        .put("version_number", request.versionNumber())
        .put("dynamic_variables", request.dynamicVariables() == null ? new JsonObject() : request.dynamicVariables())
        .put("runtime_variables", request.runtimeVariables() == null ? new JsonObject() : request.runtimeVariables())
        .put("reason", request.reason())
        .put("replay_inputs", request.replayInputs());
    StringBuilder text = new StringBuilder();
    write(canonical, text);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      write(object.getMap(), out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : sorted(map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(scalar(entry.getKey())).append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof JsonArray array) {
      write(array.getList(), out);
    } else if (value instanceof Iterable<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(item, out);
      }
      out.append(']');
    } else {
      out.append(scalar(value));
    }
  }

  /** A string, number, boolean or null as JSON text, escaped as the JSON encoder escapes it. */
  private static String scalar(Object value) {
    String single = JsonArray.of(value).encode();
    return single.substring(1, single.length() - 1);
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((key, value) -> sorted.put(String.valueOf(key), value));
    return sorted;
  }
}
