package dev.turnpoint.deploy.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A TCP proxy in front of a MongoDB server that counts, without changing anything, the commands clients send through
 * it and how many documents each write command really changed (from the server's replies). Pointing Turnpoint's
 * {@code TURNPOINT_MONGO_URI} at it shows how many reads and durable writes a turn costs.
 *
 * <p>It reads the MongoDB wire protocol's {@code OP_MSG} frames: a 16-byte header (length, request id, response-to,
 * op code 2013), flag bits, then sections, the first of kind 0 holding the command document, whose first key is the
 * command's name.
 */
final class MongoCommandCounter {

  private static final int OP_MSG = 2013;
  private static final int CHECKSUM_PRESENT = 1;
  /** Commands that change data. */
  static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findAndModify");
  /** Commands the driver sends for itself (handshakes, heartbeats, sessions): not the application's work. */
  private static final Set<String> HOUSEKEEPING = Set.of("hello", "isMaster", "ismaster", "buildInfo", "buildinfo",
      "endSessions", "ping", "saslStart", "saslContinue", "getLastError");

  private final int upstreamPort;
  private final NetClient client;
  private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
  private final LongAdder documentsChanged = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private NetServer server;

  private MongoCommandCounter(Vertx vertx, int upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.client = vertx.createNetClient();
  }

  /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code 127.0.0.1:upstreamPort}. */
  static Future<MongoCommandCounter> start(Vertx vertx, int upstreamPort) {
    MongoCommandCounter counter = new MongoCommandCounter(vertx, upstreamPort);
    return vertx.createNetServer()
        .connectHandler(counter::forward)
        .listen(0, "127.0.0.1")
        .map(listening -> {
          counter.server = listening;
          return counter;
        });
  }

  int port() {
    return server.actualPort();
  }

  /** What has been counted so far. */
  Counts counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    commands.forEach((name, count) -> snapshot.put(name, count.sum()));
    return new Counts(snapshot, documentsChanged.sum(), bytesSent.sum(), bytesReceived.sum());
  }

  Future<Void> close() {
    return server.close().compose(closed -> client.close());
  }

  /**
   * Application commands by name, the documents the write commands among them changed, and the bytes of those
   * commands and of their replies.
   */
  record Counts(Map<String, Long> commands, long documentsChanged, long bytesSent, long bytesReceived) {

    long writeCommands() {
      return commands.entrySet().stream().filter(entry -> WRITE_COMMANDS.contains(entry.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }

    long readCommands() {
      return commands.entrySet().stream().filter(entry -> !WRITE_COMMANDS.contains(entry.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }

    /** What happened between {@code before} and this. */
    Counts minus(Counts before) {
      Map<String, Long> delta = new TreeMap<>();
      commands.forEach((name, count) -> {
        long difference = count - before.commands().getOrDefault(name, 0L);
        if (difference != 0) {
          delta.put(name, difference);
        }
      });
      return new Counts(delta, documentsChanged - before.documentsChanged(), bytesSent - before.bytesSent(),
          bytesReceived - before.bytesReceived());
    }
  }

  private void forward(NetSocket downstream) {
    downstream.pause();
    client.connect(upstreamPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      // Request id -> command name, to know which command a reply answers. Both sockets share this event loop.
      Map<Integer, String> awaitingReply = new HashMap<>();
      Frames requests = new Frames(frame -> countRequest(frame, awaitingReply));
      Frames replies = new Frames(frame -> countReply(frame, awaitingReply));
      downstream.handler(bytes -> {
        upstream.write(bytes);
        requests.append(bytes);
      });
      upstream.handler(bytes -> {
        downstream.write(bytes);
        replies.append(bytes);
      });
      downstream.closeHandler(closed -> upstream.close());
      upstream.closeHandler(closed -> downstream.close());
      downstream.resume();
    });
  }

  private void countRequest(Buffer frame, Map<Integer, String> awaitingReply) {
    BsonDocument command = commandDocument(frame);
    if (command == null || command.isEmpty()) {
      return;
    }
    String name = command.getFirstKey();
    if (HOUSEKEEPING.contains(name)) {
      return;
    }
    commands.computeIfAbsent(name, key -> new LongAdder()).increment();
    bytesSent.add(frame.length());
    awaitingReply.put(frame.getIntLE(4), name);
  }

  private void countReply(Buffer frame, Map<Integer, String> awaitingReply) {
    String command = awaitingReply.remove(frame.getIntLE(8));
    if (command == null) {
      return;
    }
    bytesReceived.add(frame.length());
    BsonDocument reply = WRITE_COMMANDS.contains(command) ? commandDocument(frame) : null;
    if (reply != null) {
      documentsChanged.add(documentsChanged(command, reply));
    }
  }

  /**
   * Documents a write really changed: an update that matched a document but left it as it was (a
   * {@code $setOnInsert} on an existing document) changes nothing, so the embedded server does not commit it either.
   */
  private static long documentsChanged(String command, BsonDocument reply) {
    return switch (command) {
      case "update" -> number(reply, "nModified") + (reply.get("upserted") instanceof BsonArray upserted
          ? upserted.size() : 0);
      case "findAndModify" -> reply.get("lastErrorObject") instanceof BsonDocument last ? number(last, "n") : 0;
      default -> number(reply, "n");
    };
  }

  private static long number(BsonDocument document, String key) {
    BsonValue value = document.get(key);
    return value != null && value.isNumber() ? value.asNumber().longValue() : 0;
  }

  /** The kind-0 section of an {@code OP_MSG}: the command, or the reply; null for other op codes. */
  private static BsonDocument commandDocument(Buffer frame) {
    if (frame.getIntLE(12) != OP_MSG) {
      return null;
    }
    int end = frame.length() - ((frame.getIntLE(16) & CHECKSUM_PRESENT) != 0 ? 4 : 0);
    int position = 20;
    while (position < end) {
      byte kind = frame.getByte(position);
      int size = frame.getIntLE(position + 1);
      if (kind == 0) {
        return new RawBsonDocument(frame.getBytes(position + 1, position + 1 + size));
      }
      position += 1 + size;
    }
    return null;
  }

  /** Cuts a byte stream into wire-protocol messages, whose first four bytes are their length. */
  private static final class Frames {
    private final Consumer<Buffer> onFrame;
    private Buffer pending = Buffer.buffer();

    Frames(Consumer<Buffer> onFrame) {
      this.onFrame = onFrame;
    }

    void append(Buffer bytes) {
      pending.appendBuffer(bytes);
      while (pending.length() >= 4 && pending.length() >= pending.getIntLE(0)) {
        int length = pending.getIntLE(0);
        onFrame.accept(pending.getBuffer(0, length));
        pending = pending.getBuffer(length, pending.length());
      }
    }
  }
}
