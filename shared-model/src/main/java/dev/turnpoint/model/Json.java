package dev.turnpoint.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;

import java.util.Map;

/**
 * The one JSON mapping of the wire model.
 *
 * <p>Java fields are camelCase and travel as snake_case, as the Interactly API does; the few camelCase wire names
 * (comment authorship fields) are spelled out with {@code @JsonProperty}. Unknown input fields are ignored, as
 * pydantic does. Only fields are mapped, so helper methods on model classes never leak onto the wire.
 */
public final class Json {

  public static final ObjectMapper MAPPER = newMapper();

  private Json() {
  }

  private static ObjectMapper newMapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new VertxModule());
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    mapper.setSerializationInclusion(JsonInclude.Include.ALWAYS);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    return mapper;
  }

  /** Reads a model object from a Vert.x JSON object (as stored in MongoDB or received over HTTP). */
  public static <T> T fromJson(JsonObject json, Class<T> type) {
    return MAPPER.convertValue(json.getMap(), type);
  }

  public static <T> T fromJson(JsonObject json, JavaType type) {
    return MAPPER.convertValue(json.getMap(), type);
  }

  /** Writes a model object as a Vert.x JSON object. */
  @SuppressWarnings("unchecked")
  public static JsonObject toJson(Object value) {
    return new JsonObject(MAPPER.convertValue(value, Map.class));
  }

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A deep copy through JSON, for model objects that are about to be changed. */
  public static <T> T copy(T value, Class<T> type) {
    return MAPPER.convertValue(MAPPER.valueToTree(value), type);
  }
}
