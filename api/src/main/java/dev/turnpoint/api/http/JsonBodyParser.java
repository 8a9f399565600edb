package dev.turnpoint.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses request bodies and refuses, as 422, JSON that reads but that no store can keep or no client can read back:
 * nesting deeper than {@code maxDepth}, an object key holding a NUL character (MongoDB field names cannot), a number
 * too big for a double (it would become {@code Infinity}, which is not JSON) and a whole number outside 64 bits
 * (MongoDB has no type for it). Every such value is reported at its location, as FastAPI reports a field.
 */
public final class JsonBodyParser {

  /** How deep a body may nest objects and arrays unless configured otherwise. */
  public static final int DEFAULT_MAX_DEPTH = 64;
  /** The most the depth may be configured to: Jackson's own ceiling, below which no parse can run out of stack. */
  public static final int MAX_CONFIGURABLE_DEPTH = 1000;
  /** A body breaking the rules in many places is answered with the first few. */
  private static final int MAX_REPORTED = 20;
  private static final String KEY = JsonBodyParser.class.getName();

  private final int maxDepth;
  private final ObjectReader reader;

  /** {@code maxDepth} as checked by {@code ApiConfig}: from 1 to {@link #MAX_CONFIGURABLE_DEPTH}. */
  public JsonBodyParser(int maxDepth) {
    this.maxDepth = maxDepth;
    ObjectMapper mapper = RequestInput.READER.copy();
    JsonFactory factory = mapper.getFactory();
    factory.setStreamReadConstraints(factory.streamReadConstraints().rebuild().maxNestingDepth(maxDepth).build());
    // Text after the JSON value makes it broken JSON.
    this.reader = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Makes this parser the one {@link RequestInput} uses for the request. */
  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  static JsonBodyParser of(RoutingContext ctx) {
    JsonBodyParser parser = ctx.get(KEY);
    if (parser == null) {
      throw new IllegalStateException("no body parser on " + ctx.request().path());
    }
    return parser;
  }

  /** The body's JSON; null when it does not parse or breaks a rule (and every problem is recorded). */
  JsonNode parse(String text, RequestInput input) {
    JsonNode tree;
    try {
      tree = reader.readValue(text);
    } catch (StreamConstraintsException tooBig) {
      input.add(List.of("body", offset(tooBig)), "JSON decode error, " + constraint(tooBig), "json_invalid");
      return null;
    } catch (JsonProcessingException broken) {
      input.add(List.of("body", offset(broken)), "JSON decode error", "json_invalid");
      return null;
    }
    if (tree == null) {
      return NullNode.getInstance();
    }
    List<ValidationError> problems = new ArrayList<>();
    check(tree, new ArrayList<>(List.of("body")), problems);
    problems.forEach(input::add);
    return problems.isEmpty() ? tree : null;
  }

  private String constraint(StreamConstraintsException failure) {
    String message = String.valueOf(failure.getOriginalMessage());
    return message.contains("nesting depth")
        ? "objects and arrays may nest at most " + maxDepth + " levels deep"
        : "a value is longer than allowed";
  }

  private static long offset(JsonProcessingException failure) {
    JsonLocation location = failure.getLocation();
    return location == null ? 0 : Math.max(0, location.getCharOffset());
  }

  /** Depth is bounded by the parser's nesting limit, so this recursion is too. */
  private static void check(JsonNode node, List<Object> loc, List<ValidationError> problems) {
    if (problems.size() >= MAX_REPORTED) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        loc.add(field.getKey());
        if (field.getKey().indexOf('\0') >= 0) {
          problems.add(new ValidationError(List.copyOf(loc), "Value error, object keys may not contain the NUL"
              + " character", "value_error"));
        }
        check(field.getValue(), loc, problems);
        loc.remove(loc.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        loc.add(i);
        check(node.get(i), loc, problems);
        loc.remove(loc.size() - 1);
      }
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      problems.add(new ValidationError(List.copyOf(loc), "Input should be a finite number", "finite_number"));
    } else if (node.isIntegralNumber() && !node.canConvertToLong()) {
      problems.add(new ValidationError(List.copyOf(loc), "Input should be an integer between " + Long.MIN_VALUE
          + " and " + Long.MAX_VALUE, "int_parsing_size"));
    }
  }
}
