package dev.turnpoint.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks one request's path parameters, query parameters and JSON body before any work is done. Every
 * problem is collected; {@link #validate()} then answers them all at once as a FastAPI-style 422.
 */
public final class RequestInput {

  /** The wire mapping, stricter on input the way pydantic is: no numbers for strings, no fractions for integers. */
  static final ObjectMapper READER = strictReader();

  private static final Pattern LOGICAL_ID = Pattern.compile("^[A-Za-z0-9_-]{1,100}$");
  /** At most 100 digits, so that no query value costs more than a moment to compare. */
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,100}");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("^[\\x20-\\x7E]+$");
  private static final Set<String> TRUE_VALUES = Set.of("true", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE_VALUES = Set.of("false", "0", "no", "off", "f", "n");

  private final RoutingContext ctx;
  private final List<ValidationError> errors = new ArrayList<>();
  private MultiMap query;

  private RequestInput(RoutingContext ctx) {
    this.ctx = ctx;
  }

  public static RequestInput of(RoutingContext ctx) {
    return new RequestInput(ctx);
  }

  /** A scratch input on the same request whose problems are never reported. */
  static RequestInput of(RequestInput other) {
    return new RequestInput(other.ctx);
  }

  private static ObjectMapper strictReader() {
    ObjectMapper mapper = Json.MAPPER.copy();
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /** Throws a {@link RequestValidationException} with every problem found so far, if there is any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw new RequestValidationException(errors);
    }
  }

  void add(ValidationError error) {
    errors.add(error);
  }

  void add(List<Object> loc, String msg, String type) {
    errors.add(new ValidationError(loc, msg, type));
  }

  // ---- path -------------------------------------------------------------------------------------------------------

  /** A path parameter that must be an ObjectId ({@code ^[0-9a-f]{24}$}). */
  public String objectIdPath(String name) {
    String value = ctx.pathParam(name);
    if (!Ids.isObjectId(value)) {
      add(List.of("path", name), "String should match pattern '" + Ids.OBJECT_ID.pattern() + "'",
          "string_pattern_mismatch");
    }
    return value;
  }

  /** A path parameter that must be a whole number of at least {@code min}. */
  public int intPath(String name, int min) {
    Integer value = parseInt(List.of("path", name), ctx.pathParam(name), min, Integer.MAX_VALUE);
    return value == null ? min : value;
  }

  /** A path parameter holding a logical id such as {@code comment_<uuid>}. */
  public String logicalIdPath(String name) {
    String value = ctx.pathParam(name);
    if (value == null || !LOGICAL_ID.matcher(value).matches()) {
      add(List.of("path", name), "String should match pattern '" + LOGICAL_ID.pattern() + "'",
          "string_pattern_mismatch");
    }
    return value;
  }

  // ---- headers ----------------------------------------------------------------------------------------------------

  /** A header of 1 to {@code maxLength} printable ASCII characters; absent is null. */
  public String optionalHeader(String name, int maxLength) {
    String value = ctx.request().getHeader(name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > maxLength || !PRINTABLE_ASCII.matcher(value).matches()) {
      add(List.of("header", name.toLowerCase(Locale.ROOT)), "Header should have 1 to " + maxLength
          + " printable ASCII characters", "value_error");
      return null;
    }
    return value;
  }

  // ---- query ------------------------------------------------------------------------------------------------------

  private String queryValue(String name) {
    if (query == null) {
      try {
        query = ctx.queryParams();
      } catch (IllegalArgumentException malformed) {
        add(List.of("query"), "The query string is not valid URL encoding", "value_error");
        query = MultiMap.caseInsensitiveMultiMap();
      }
    }
    return query.get(name);
  }

  /** Whether the query string has the parameter at all. */
  public boolean hasQuery(String name) {
    return queryValue(name) != null;
  }

  public int intQuery(String name, int defaultValue, int min, int max) {
    String raw = queryValue(name);
    if (raw == null) {
      return defaultValue;
    }
    Integer value = parseInt(List.of("query", name), raw, min, max);
    return value == null ? defaultValue : value;
  }

  /** {@code page} (default 1) and {@code size} (default {@code defaultSize}, at most {@code maxSize}). */
  public PageRequest pageQuery(int defaultSize, int maxSize) {
    return new PageRequest(intQuery("page", 1, 1, Integer.MAX_VALUE), intQuery("size", defaultSize, 1, maxSize));
  }

  public Integer optionalIntQuery(String name, int min) {
    String raw = queryValue(name);
    return raw == null ? null : parseInt(List.of("query", name), raw, min, Integer.MAX_VALUE);
  }

  public boolean booleanQuery(String name, boolean defaultValue) {
    String raw = queryValue(name);
    if (raw == null) {
      return defaultValue;
    }
    String value = raw.strip().toLowerCase(Locale.ROOT);
    if (TRUE_VALUES.contains(value)) {
      return true;
    }
    if (FALSE_VALUES.contains(value)) {
      return false;
    }
    add(List.of("query", name), "Input should be a valid boolean, unable to interpret input", "bool_parsing");
    return defaultValue;
  }

  /** A free-text query parameter; absent or blank is null. */
  public String stringQuery(String name, int maxLength) {
    String raw = queryValue(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() > maxLength) {
      add(List.of("query", name), "String should have at most " + maxLength + " characters", "string_too_long");
    }
    return raw.strip();
  }

  public String objectIdQuery(String name) {
    String raw = queryValue(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (!Ids.isObjectId(raw)) {
      add(List.of("query", name), "String should match pattern '" + Ids.OBJECT_ID.pattern() + "'",
          "string_pattern_mismatch");
    }
    return raw;
  }

  /** One of the wire values of an enum of the model, or null when absent. */
  public <E extends Enum<E>> E enumQuery(String name, Class<E> type) {
    String raw = queryValue(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    List<String> allowed = JacksonErrors.wireValues(type);
    int index = allowed.indexOf(raw);
    if (index < 0) {
      add(List.of("query", name), "Input should be " + JacksonErrors.oneOf(allowed), "enum");
      return null;
    }
    return type.getEnumConstants()[index];
  }

  /**
   * An ISO-8601 date-time (a bare date means its midnight, no offset means UTC), answered in the stored timestamp
   * format so it compares correctly with stored times.
   */
  public String dateTimeQuery(String name) {
    String raw = queryValue(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.strip();
    try {
      return Timestamps.format(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException withoutOffset) {
      try {
        return Timestamps.format(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notDateTime) {
        try {
          return Timestamps.format(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notDate) {
          add(List.of("query", name), "Input should be a valid datetime", "datetime_parsing");
          return null;
        }
      }
    }
  }

  /** A whole number in {@code [min, max]}; one of any length outside it is out of range, not unparsable. */
  private Integer parseInt(List<Object> loc, String raw, int min, int max) {
    String text = raw == null ? "" : raw.strip();
    if (!WHOLE_NUMBER.matcher(text).matches()) {
      add(loc, "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
      return null;
    }
    BigInteger value = new BigInteger(text);
    if (value.compareTo(BigInteger.valueOf(min)) < 0) {
      add(loc, "Input should be greater than or equal to " + min, "greater_than_equal");
      return null;
    }
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      add(loc, "Input should be less than or equal to " + max, "less_than_equal");
      return null;
    }
    return value.intValue();
  }

  // ---- body -------------------------------------------------------------------------------------------------------

  /**
   * The body as a JSON object. A missing, broken or non-object body is recorded as a problem and answered as an
   * empty object, so the remaining checks still run. A Content-Type other than JSON is refused with 415 at once.
   */
  public JsonFields jsonBody() {
    JsonNode tree = jsonBodyTree();
    if (tree == null) {
      return JsonFields.unreadable(this);
    }
    if (!tree.isObject()) {
      add(List.of("body"), "Input should be a valid dictionary or object to extract fields from",
          "model_attributes_type");
      return JsonFields.unreadable(this);
    }
    return new JsonFields(this, (ObjectNode) tree, List.of("body"));
  }

  /**
   * Like {@link #jsonBody()}, for operations whose fields may all come from elsewhere (the query): no body at all
   * reads as an empty object instead of a problem.
   */
  public JsonFields optionalJsonBody() {
    Buffer body = ctx.body().buffer();
    if (body == null || body.toString(StandardCharsets.UTF_8).isBlank()) {
      return new JsonFields(this, READER.createObjectNode(), List.of("body"));
    }
    return jsonBody();
  }

  /** The body's JSON; null when it is missing, broken or breaks a rule of {@link JsonBodyParser} (all recorded). */
  private JsonNode jsonBodyTree() {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !isJson(contentType)) {
      throw new ApiProblem(415, "Content-Type must be application/json, not " + mediaType(contentType));
    }
    Buffer body = ctx.body().buffer();
    String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    if (text.isBlank()) {
      add(List.of("body"), "Field required", "missing");
      return null;
    }
    return JsonBodyParser.of(ctx).parse(text, this);
  }

  private static boolean isJson(String contentType) {
    String media = mediaType(contentType);
    return media.equals("application/json") || media.endsWith("+json");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** Reads a model object from a part of the body; a mismatch is recorded at its exact location. */
  <T> T convert(JsonNode node, Class<T> type, List<Object> loc) {
    try {
      return READER.treeToValue(node, type);
    } catch (JsonMappingException mismatch) {
      add(JacksonErrors.from(mismatch, loc));
      return null;
    } catch (JsonProcessingException | IllegalArgumentException invalid) {
      add(loc, "Value error, the value is not valid here", "value_error");
      return null;
    }
  }
}
