package dev.turnpoint.api.http;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns Jackson's mapping failures into pydantic-style validation errors: the location comes from the exception's
 * path ({@code ["body", "node_configs", 0, "type"]}), the message and type from what was expected there. Java class
 * names never reach the client.
 */
final class JacksonErrors {

  private JacksonErrors() {
  }

  static ValidationError from(JsonMappingException failure, List<Object> prefix) {
    List<Object> loc = new ArrayList<>(prefix);
    for (JsonMappingException.Reference reference : failure.getPath()) {
      if (reference.getFieldName() != null) {
        loc.add(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        loc.add(reference.getIndex());
      }
    }
    if (failure instanceof InvalidTypeIdException typeId) {
      return unknownTag(loc, typeId);
    }
    if (failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return expected(loc, mismatch.getTargetType());
    }
    if (failure instanceof ValueInstantiationException instantiation && instantiation.getType() != null) {
      return expected(loc, instantiation.getType().getRawClass());
    }
    return new ValidationError(loc, "Value error, the value is not valid here", "value_error");
  }

  private static ValidationError unknownTag(List<Object> loc, InvalidTypeIdException failure) {
    JavaType base = failure.getBaseType();
    Class<?> baseClass = base == null ? Object.class : base.getRawClass();
    JsonTypeInfo info = baseClass.getAnnotation(JsonTypeInfo.class);
    String property = info == null || info.property().isEmpty() ? "type" : info.property();
    loc.add(property);
    if (failure.getTypeId() == null) {
      return new ValidationError(loc, "Unable to extract tag using discriminator '" + property + "'",
          "union_tag_not_found");
    }
    String expected = tags(baseClass).stream().map(tag -> "'" + tag + "'").collect(Collectors.joining(", "));
    return new ValidationError(loc, "Input tag '" + failure.getTypeId() + "' found using '" + property
        + "' does not match any of the expected tags: " + expected, "union_tag_invalid");
  }

  /** The discriminator values a polymorphic model type accepts, in declaration order. */
  static List<String> tags(Class<?> baseClass) {
    JsonSubTypes subTypes = baseClass.getAnnotation(JsonSubTypes.class);
    if (subTypes == null) {
      return List.of();
    }
    return Arrays.stream(subTypes.value())
        .flatMap(type -> type.name().isEmpty() ? Arrays.stream(type.names()) : Stream.of(type.name()))
        .toList();
  }

  static ValidationError expected(List<Object> loc, Class<?> target) {
    if (target == String.class || target == Character.class || target == char.class) {
      return new ValidationError(loc, "Input should be a valid string", "string_type");
    }
    if (target == Integer.class || target == int.class || target == Long.class || target == long.class
        || target == Short.class || target == short.class) {
      return new ValidationError(loc, "Input should be a valid integer", "int_type");
    }
    if (target == Double.class || target == double.class || target == Float.class || target == float.class) {
      return new ValidationError(loc, "Input should be a valid number", "float_type");
    }
    if (target == Boolean.class || target == boolean.class) {
      return new ValidationError(loc, "Input should be a valid boolean", "bool_type");
    }
    if (target.isEnum()) {
      return new ValidationError(loc, "Input should be " + oneOf(wireValues(target)), "enum");
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray() || target == JsonArray.class) {
      return new ValidationError(loc, "Input should be a valid list", "list_type");
    }
    if (Map.class.isAssignableFrom(target) || target == JsonObject.class) {
      return new ValidationError(loc, "Input should be a valid dictionary", "dict_type");
    }
    return new ValidationError(loc, "Input should be a valid dictionary or object to extract fields from",
        "model_attributes_type");
  }

  /** The wire spelling of each constant of an enum of the model. */
  static List<String> wireValues(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(constant -> Json.MAPPER.valueToTree(constant).asText())
        .toList();
  }

  /** {@code 'a'}, {@code 'a' or 'b'}, {@code 'a', 'b' or 'c'}: how pydantic lists the allowed values. */
  static String oneOf(List<String> values) {
    List<String> quoted = values.stream().map(value -> "'" + value + "'").toList();
    if (quoted.size() <= 1) {
      return String.join("", quoted);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
  }
}
