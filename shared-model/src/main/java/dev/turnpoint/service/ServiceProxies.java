package dev.turnpoint.service;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.model.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * Typed event-bus services without generated code.
 *
 * <p>A service contract is a Java interface whose abstract methods return {@code Future<T>} and are not overloaded.
 * {@link #register} binds an implementation at an address; {@link #client} returns an implementation of the same
 * interface that sends each call there. A call travels as a JSON array of its arguments with the method name in the
 * {@value #ACTION} header; the reply is the JSON of the result. Failures travel as the reply failure code of a
 * {@link FailureCode} and arrive as a {@link ServiceException}.
 *
 * <p>A call or reply of more than {@value #DECODE_OFF_LOOP_CHARS} characters (a whole workflow graph, a run with its
 * turns) is decoded on a worker thread, since reading megabytes of JSON would hold the event loop for hundreds of
 * milliseconds; smaller ones are decoded where they arrive.
 */
public final class ServiceProxies {

  public static final String ACTION = "action";
  /** How long a client waits for a reply unless told otherwise. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  /** Messages longer than this are decoded on a worker thread. */
  public static final int DECODE_OFF_LOOP_CHARS = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxies.class);

  private ServiceProxies() {
  }

  /** A client of the service at {@code address} with the default timeout. */
  public static <T> T client(Vertx vertx, Class<T> contract, String address) {
    return client(vertx, contract, address, DEFAULT_TIMEOUT_MS);
  }

  public static <T> T client(Vertx vertx, Class<T> contract, String address, long timeoutMillis) {
    Map<String, Method> methods = serviceMethods(contract);
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args, contract, address);
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      if (!methods.containsKey(method.getName())) {
        throw new IllegalStateException("not a service method: " + method);
      }
      DeliveryOptions options = new DeliveryOptions()
          .addHeader(ACTION, method.getName())
          .setSendTimeout(timeoutMillis);
      String body = Json.encode(args == null ? new Object[0] : args);
      JavaType resultType = resultType(method);
      return vertx.eventBus().<String>request(address, body, options)
          .recover(failure -> Future.failedFuture(ServiceException.from(failure)))
          .compose(reply -> decodeReply(vertx, reply.body(), resultType));
    };
    return contract.cast(Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[]{contract}, handler));
  }

  /** Serves {@code implementation} at {@code address}; completes once the consumer is registered. */
  public static <T> Future<MessageConsumer<String>> register(Vertx vertx, Class<T> contract, String address,
                                                             T implementation) {
    Map<String, Method> methods = serviceMethods(contract);
    MessageConsumer<String> consumer = vertx.eventBus().consumer(address,
        message -> dispatch(vertx, message, methods, implementation, address));
    return consumer.completion().map(consumer);
  }

  private static void dispatch(Vertx vertx, Message<String> message, Map<String, Method> methods,
                               Object implementation, String address) {
    String action = message.headers().get(ACTION);
    Method method = action == null ? null : methods.get(action);
    if (method == null) {
      message.fail(FailureCode.INVALID.code(), "unknown action '" + action + "' at " + address);
      return;
    }
    String body = message.body();
    if (body != null && body.length() > DECODE_OFF_LOOP_CHARS) {
      vertx.<Object[]>executeBlocking(() -> decodeArguments(body, method), false)
          .onComplete(decoded -> invoke(message, method, implementation, address, () -> {
            if (decoded.failed()) {
              throw decoded.cause() instanceof Exception e ? e : new IllegalStateException(decoded.cause());
            }
            return decoded.result();
          }));
    } else {
      invoke(message, method, implementation, address, () -> decodeArguments(body, method));
    }
  }

  /** Where a call's arguments come from: decoded now, or already decoded (or failed) on a worker thread. */
  private interface Arguments {
    Object[] get() throws Exception;
  }

  private static void invoke(Message<String> message, Method method, Object implementation, String address,
                             Arguments arguments) {
    String action = method.getName();
    Future<?> result;
    try {
      result = (Future<?>) method.invoke(implementation, arguments.get());
    } catch (InvocationTargetException e) {
      result = Future.failedFuture(e.getCause());
    } catch (IllegalArgumentException | IllegalAccessException e) {
      result = Future.failedFuture(ServiceException.invalid("cannot read the arguments of " + action + ": "
          + e.getMessage()));
    } catch (Exception e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(Json.encode(done.result()));
        return;
      }
      ServiceException failure = ServiceException.from(done.cause());
      if (failure.code() == FailureCode.INTERNAL) {
        LOG.error("{} at {} failed", action, address, done.cause());
      }
      message.fail(failure.code().code(), failure.getMessage());
    });
  }

  private static Object[] decodeArguments(String body, Method method) {
    try {
      JsonNode array = Json.MAPPER.readTree(body);
      Type[] types = method.getGenericParameterTypes();
      if (!array.isArray() || array.size() != types.length) {
        throw new IllegalArgumentException("expected " + types.length + " arguments");
      }
      Object[] arguments = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        JavaType type = Json.MAPPER.getTypeFactory().constructType(types[i]);
        arguments[i] = Json.MAPPER.treeToValue(array.get(i), type);
      }
      return arguments;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Future<Object> decodeReply(Vertx vertx, String body, JavaType type) {
    if (body == null || body.length() <= DECODE_OFF_LOOP_CHARS) {
      return Future.succeededFuture(decodeResult(body, type));
    }
    return vertx.executeBlocking(() -> decodeResult(body, type), false);
  }

  private static Object decodeResult(String body, JavaType type) {
    if (body == null || type.getRawClass() == Void.class) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (java.io.IOException e) {
      throw ServiceException.from(new IllegalStateException("cannot read the reply as " + type + ": "
          + e.getMessage(), e));
    }
  }

  private static JavaType resultType(Method method) {
    Type generic = method.getGenericReturnType();
    if (!(generic instanceof ParameterizedType parameterized) || parameterized.getRawType() != Future.class) {
      throw new IllegalArgumentException(method + " must return Future<T>");
    }
    return Json.MAPPER.getTypeFactory().constructType(parameterized.getActualTypeArguments()[0]);
  }

  private static Map<String, Method> serviceMethods(Class<?> contract) {
    if (!contract.isInterface()) {
      throw new IllegalArgumentException(contract + " is not an interface");
    }
    Map<String, Method> methods = new HashMap<>();
    for (Method method : contract.getMethods()) {
      if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      resultType(method);
      if (methods.put(method.getName(), method) != null) {
        throw new IllegalArgumentException(contract.getSimpleName() + "." + method.getName() + " is overloaded");
      }
    }
    return methods;
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> contract, String address) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> contract.getSimpleName() + " client of " + address;
    };
  }
}
