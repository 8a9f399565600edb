package dev.turnpoint.engine.turn;

import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.expression.Templates;
import dev.turnpoint.model.expression.VariableLookup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholder substitution inside JSON values (request bodies, tool arguments): every string leaf is rendered with
 * {@link Templates#render}. With {@code preserveTypes}, a string that is exactly one placeholder without filters
 * ({@code "[[age]]"}) becomes the variable's value itself (a number stays a number, an object an object). All the
 * strings of one value are rendered from one {@link RenderBudget}, so a body of many keys cannot multiply it.
 */
final class JsonTemplates {

  private static final Pattern SINGLE_PLACEHOLDER =
      Pattern.compile("^\\s*(?:\\{\\{\\s*([\\w.\\[\\]-]+)\\s*}}|\\[\\[\\s*([\\w.\\[\\]-]+)\\s*]])\\s*$");

  private JsonTemplates() {
  }

  static Object render(Object value, VariableLookup variables, boolean preserveTypes, RenderBudget budget) {
    if (value instanceof JsonObject object) {
      JsonObject rendered = new JsonObject();
      object.forEach(entry -> rendered.put(entry.getKey(),
          render(entry.getValue(), variables, preserveTypes, budget)));
      return rendered;
    }
    if (value instanceof JsonArray array) {
      JsonArray rendered = new JsonArray();
      array.forEach(item -> rendered.add(render(item, variables, preserveTypes, budget)));
      return rendered;
    }
    if (value instanceof String text) {
      if (preserveTypes) {
        Matcher single = SINGLE_PLACEHOLDER.matcher(text);
        if (single.matches()) {
          return single.group(1) != null ? variables.dynamic(single.group(1)) : variables.runtime(single.group(2));
        }
      }
      return Templates.render(text, variables, budget);
    }
    return value;
  }

  static JsonObject renderObject(JsonObject value, VariableLookup variables, boolean preserveTypes,
                                 RenderBudget budget) {
    return value == null ? new JsonObject() : (JsonObject) render(value, variables, preserveTypes, budget);
  }

  static Map<String, String> renderStrings(Map<String, String> values, VariableLookup variables,
                                           RenderBudget budget) {
    Map<String, String> rendered = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((key, text) -> rendered.put(key, text == null ? "" : Templates.render(text, variables, budget)));
    }
    return rendered;
  }
}
