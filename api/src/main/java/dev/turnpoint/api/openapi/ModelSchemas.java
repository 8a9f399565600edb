package dev.turnpoint.api.openapi;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses them) of the wire model, derived from the same Jackson mapping
 * that reads and writes it, so the published schemas cannot drift from the real JSON: property names and types come
 * from Jackson's view of each class, {@code default}s from a freshly built instance, discriminated unions from
 * {@code @JsonSubTypes}. Each model class becomes one named definition; uses of it are {@code $ref}s.
 */
public final class ModelSchemas {

  public static final String COMPONENTS = "#/components/schemas/";
  public static final String DEFS = "#/$defs/";

  private final String refPrefix;
  private final Map<String, JsonObject> definitions = new LinkedHashMap<>();
  private final Map<Class<?>, String> names = new HashMap<>();

  public ModelSchemas(String refPrefix) {
    this.refPrefix = refPrefix;
  }

  /** For the {@code components/schemas} of an OpenAPI document. */
  public static ModelSchemas forOpenApi() {
    return new ModelSchemas(COMPONENTS);
  }

  /** A {@code $ref} to the definition of a model class (created on first use). */
  public JsonObject ref(Class<?> type) {
    return schemaOf(Json.MAPPER.constructType(type));
  }

  /** Every definition made so far, by name. */
  public JsonObject definitions() {
    JsonObject all = new JsonObject();
    definitions.forEach((name, schema) -> all.put(name, schema.copy()));
    return all;
  }

  /** A self-contained schema document for one model class: its definition plus {@code $defs} of all it uses. */
  public static JsonObject standalone(Class<?> type) {
    ModelSchemas schemas = new ModelSchemas(DEFS);
    String name = schemas.define(type);
    JsonObject root = new JsonObject()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("title", name);
    root.mergeIn(schemas.definitions.get(name).copy());
    root.put("$defs", schemas.definitions());
    return root;
  }

  JsonObject schemaOf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == String.class || raw == Character.class || raw == char.class) {
      return new JsonObject().put("type", "string");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
        || raw == Short.class) {
      return new JsonObject().put("type", "integer");
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
        || raw == Number.class) {
      return new JsonObject().put("type", "number");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return new JsonObject().put("type", "boolean");
    }
    if (raw.isEnum()) {
      return new JsonObject().put("type", "string").put("enum", new JsonArray(new ArrayList<>(wireValues(raw))));
    }
    if (raw == JsonObject.class) {
      return new JsonObject().put("type", "object");
    }
    if (raw == JsonArray.class) {
      return new JsonObject().put("type", "array");
    }
    if (type.isMapLikeType()) {
      return new JsonObject().put("type", "object").put("additionalProperties", schemaOf(type.getContentType()));
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return new JsonObject().put("type", "array").put("items", schemaOf(type.getContentType()));
    }
    if (raw == Object.class) {
      return new JsonObject();
    }
    return new JsonObject().put("$ref", refPrefix + define(raw));
  }

  private String define(Class<?> type) {
    String existing = names.get(type);
    if (existing != null) {
      return existing;
    }
    String name = uniqueName(type);
    names.put(type, name);
    definitions.put(name, new JsonObject());
    JsonSubTypes subTypes = type.getAnnotation(JsonSubTypes.class);
    JsonObject schema = Modifier.isAbstract(type.getModifiers()) && subTypes != null
        ? union(type, subTypes)
        : objectSchema(type);
    definitions.put(name, schema);
    return name;
  }

  private String uniqueName(Class<?> type) {
    String name = type.getSimpleName();
    Class<?> outer = type.getEnclosingClass();
    if (definitions.containsKey(name) && outer != null) {
      name = outer.getSimpleName() + name;
    }
    String candidate = name;
    for (int i = 2; definitions.containsKey(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }

  private JsonObject union(Class<?> base, JsonSubTypes subTypes) {
    String property = base.getAnnotation(JsonTypeInfo.class).property();
    JsonArray oneOf = new JsonArray();
    JsonObject mapping = new JsonObject();
    for (JsonSubTypes.Type subType : subTypes.value()) {
      JsonObject ref = schemaOf(Json.MAPPER.constructType(subType.value()));
      oneOf.add(ref);
      tags(subType).forEach(tag -> mapping.put(tag, ref.getString("$ref")));
    }
    return new JsonObject()
        .put("oneOf", oneOf)
        .put("discriminator", new JsonObject().put("propertyName", property).put("mapping", mapping));
  }

  private JsonObject objectSchema(Class<?> type) {
    BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(type));
    JsonNode first = defaults(type);
    JsonNode second = first == null ? null : defaults(type);
    JsonObject properties = new JsonObject();
    JsonArray required = new JsonArray();
    List<String> ownTags = ownTags(type);
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.getField() != null && property.getField().hasAnnotation(JsonAnyGetter.class)) {
        continue;
      }
      String name = property.getName();
      JsonObject schema = schemaOf(property.getPrimaryType());
      if (!ownTags.isEmpty() && name.equals(discriminator(type))) {
        schema = new JsonObject().put("type", "string").put("enum", new JsonArray(new ArrayList<>(ownTags)));
        required.add(name);
      } else {
        JsonNode value = first == null ? null : first.get(name);
        boolean stableDefault = value != null && second != null && value.equals(second.get(name));
        if (value == null || value.isNull()) {
          if (!property.getPrimaryType().isPrimitive()) {
            schema = nullable(schema);
          }
          if (value != null) {
            schema.put("default", (Object) null);
          }
        } else if (stableDefault && !schema.containsKey("$ref")) {
          schema.put("default", Json.MAPPER.convertValue(value, Object.class));
        }
      }
      properties.put(name, schema);
    }
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    if (bean.findAnyGetter() != null || bean.findAnySetterAccessor() != null) {
      schema.put("additionalProperties", true);
    }
    return schema;
  }

  /** The subtype's own discriminator values when it is a member of a discriminated union. */
  private static List<String> ownTags(Class<?> type) {
    for (Class<?> ancestor = type.getSuperclass(); ancestor != null; ancestor = ancestor.getSuperclass()) {
      JsonSubTypes subTypes = ancestor.getAnnotation(JsonSubTypes.class);
      if (subTypes != null) {
        return Arrays.stream(subTypes.value())
            .filter(subType -> subType.value() == type)
            .flatMap(ModelSchemas::tags)
            .toList();
      }
    }
    return List.of();
  }

  private static String discriminator(Class<?> type) {
    for (Class<?> ancestor = type; ancestor != null; ancestor = ancestor.getSuperclass()) {
      JsonTypeInfo info = ancestor.getAnnotation(JsonTypeInfo.class);
      if (info != null) {
        return info.property();
      }
    }
    return null;
  }

  private static Stream<String> tags(JsonSubTypes.Type subType) {
    return subType.name().isEmpty() ? Arrays.stream(subType.names()) : Stream.of(subType.name());
  }

  /** A new instance as JSON, to read defaults from; null when the class cannot be built without arguments. */
  private static JsonNode defaults(Class<?> type) {
    if (Modifier.isAbstract(type.getModifiers()) || type.isRecord()) {
      return null;
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      if (!Modifier.isPublic(constructor.getModifiers())) {
        return null;
      }
      return Json.MAPPER.valueToTree(constructor.newInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static JsonObject nullable(JsonObject schema) {
    if (schema.containsKey("$ref")) {
      return new JsonObject().put("anyOf", new JsonArray().add(schema).add(new JsonObject().put("type", "null")));
    }
    Object type = schema.getValue("type");
    if (type instanceof String single) {
      schema.put("type", new JsonArray().add(single).add("null"));
    }
    JsonArray values = schema.getJsonArray("enum");
    if (values != null && !values.contains(null)) {
      values.addNull();
    }
    return schema;
  }

  private static List<Object> wireValues(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(constant -> (Object) Json.MAPPER.valueToTree(constant).asText())
        .toList();
  }
}
