package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The scripted behaviour of an {@code offline_llm}, read from {@code llms_config.offline}:
 *
 * <pre>{@code
 * {
 *   "model": "clinic-script",                   // model in usage breakdowns (default: llms_config.model, or "offline")
 *   "rules": [                                  // ordered; Java regexes, case-sensitive unless (?i)
 *     {"when_user_says": "(?i)chest pain",      // optional: found in a user message; absent = always
 *      "node": "node_intake",                   // optional: applies only to calls made for this node
 *      "reply": "Thanks [[full_name]], ...",    // optional: reply text, rendered with the run's variables
 *      "set": {"urgency": "urgent"}}            // optional: fields added to structured output
 *   ],
 *   "replies": ["First question", "Second"],    // replies[n] answers when n user messages were said so far
 *   "default_reply": "Could you say more?",     // past the end of replies (default "OK.")
 *   "structured_output": {"source": "offline"}, // fixed fields of every structured output
 *   "extract": {"full_name": "my name is (\\w+ \\w+)"},  // group 1 (else the whole match) of the newest
 *                                                           // user message that matches
 *   "conditions": {"edge_urgent": true,         // decisions by edge or global node logical id, or condition text:
 *                  "the caller is in pain": "(?i)pain"}  // a boolean, or a regex found in the last user message;
 *                                                        // anything unlisted is false
 * }
 * }</pre>
 *
 * A reply is the first matching rule's {@code reply} (rules without a reply are skipped), else {@code replies[n]},
 * else {@code default_reply}. A structured output starts from {@code structured_output}, then every user message,
 * oldest first, applies its {@code extract} matches and the {@code set} of each rule whose {@code when_user_says}
 * it matches, so newer messages win; values are coerced to the schema's property types and fields the schema does
 * not declare are dropped.
 */
public final class OfflineScript {

  static final String DEFAULT_REPLY = "OK.";

  final String model;
  final List<Rule> rules;
  final List<String> replies;
  final String defaultReply;
  final JsonObject structuredOutput;
  final Map<String, Pattern> extract;
  final JsonObject conditions;

  record Rule(Pattern whenUserSays, String node, String reply, JsonObject set) {
    boolean appliesTo(String nodeLogicalId) {
      return node == null || node.equals(nodeLogicalId);
    }

    boolean matches(String userMessage) {
      return whenUserSays == null || whenUserSays.matcher(userMessage).find();
    }
  }

  private OfflineScript(String model, List<Rule> rules, List<String> replies, String defaultReply,
                        JsonObject structuredOutput, Map<String, Pattern> extract, JsonObject conditions) {
    this.model = model;
    this.rules = rules;
    this.replies = replies;
    this.defaultReply = defaultReply;
    this.structuredOutput = structuredOutput;
    this.extract = extract;
    this.conditions = conditions;
  }

  /** Reads a script; a malformed one fails with a configuration error that says what is wrong. */
  public static OfflineScript parse(JsonObject script, String configuredModel) {
    JsonObject json = script == null ? new JsonObject() : script;
    try {
      String model = json.getString("model", configuredModel == null ? "offline" : configuredModel);
      List<Rule> rules = new ArrayList<>();
      JsonArray ruleArray = json.getJsonArray("rules", new JsonArray());
      for (int i = 0; i < ruleArray.size(); i++) {
        if (!(ruleArray.getValue(i) instanceof JsonObject rule)) {
          throw LlmException.configuration("offline script: rules[" + i + "] is not an object");
        }
        rules.add(new Rule(pattern(rule.getString("when_user_says"), "rules[" + i + "].when_user_says"),
            rule.getString("node"), rule.getString("reply"), rule.getJsonObject("set", new JsonObject())));
      }
      List<String> replies = new ArrayList<>();
      json.getJsonArray("replies", new JsonArray()).forEach(reply -> replies.add(String.valueOf(reply)));
      Map<String, Pattern> extract = new LinkedHashMap<>();
      json.getJsonObject("extract", new JsonObject()).forEach(entry ->
          extract.put(entry.getKey(), pattern(String.valueOf(entry.getValue()), "extract." + entry.getKey())));
      return new OfflineScript(model, rules, List.copyOf(replies), json.getString("default_reply", DEFAULT_REPLY),
          json.getJsonObject("structured_output", new JsonObject()), extract,
          json.getJsonObject("conditions", new JsonObject()));
    } catch (ClassCastException e) {
      throw LlmException.configuration("offline script: a field has the wrong type: " + e.getMessage());
    }
  }

  private static Pattern pattern(String regex, String where) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw LlmException.configuration("offline script: " + where + " is not a valid regex: " + e.getDescription());
    }
  }
}
