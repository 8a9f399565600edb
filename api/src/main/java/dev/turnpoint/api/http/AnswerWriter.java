package dev.turnpoint.api.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends answers so that a client that does not read them cannot make the server hold more than a bounded amount.
 *
 * <ul>
 *   <li>An answer goes to the connection in slices of {@value #SLICE_BYTES} bytes, each only while the connection's
 *       write queue has room ({@code writeQueueFull}/{@code drainHandler}), so a connection never queues much more
 *       than its write queue's high-water mark. The answer ends only once all of it is queued, and until then Vert.x
 *       starts on no pipelined request of that connection.</li>
 *   <li>An answer larger than one slice takes its size from a budget shared by all connections
 *       ({@code max_answer_bytes_in_flight}) until the last of it is queued; when the budget is used up, that
 *       answer is refused with 503 and {@code Retry-After}, and smaller answers still go out.</li>
 *   <li>While an answer waits for its client to read, a client that takes none of it for {@code idleTimeoutMillis}
 *       has its connection closed, which frees what the answer held.</li>
 * </ul>
 *
 * <p>One writer serves one api verticle instance and runs on its event loop.
 */
public final class AnswerWriter {

  /** Answers up to this size are sent at once and count against no budget. */
  public static final int SLICE_BYTES = 64 * 1024;
  private static final String KEY = AnswerWriter.class.getName();

  private final Vertx vertx;
  private final long maxBytesInFlight;
  private final long idleTimeoutMillis;
  private long bytesInFlight;

  public AnswerWriter(Vertx vertx, long maxBytesInFlight, long idleTimeoutMillis) {
    this.vertx = vertx;
    this.maxBytesInFlight = maxBytesInFlight;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  /** Makes this writer the one {@link Responses} and the failure handler use for the request. */
  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  static AnswerWriter of(RoutingContext ctx) {
    AnswerWriter writer = ctx.get(KEY);
    if (writer == null) {
      throw new IllegalStateException("no answer writer on " + ctx.request().path());
    }
    return writer;
  }

  /**
   * Ends the response with an error body, which no budget refuses. A refusal the router made before any route ran
   * has no writer attached and is small: it is sent at once.
   */
  static void endError(RoutingContext ctx, Buffer body) {
    AnswerWriter writer = ctx.get(KEY);
    if (writer == null) {
      ctx.response().end(body);
    } else {
      writer.deliver(ctx, body, 0);
    }
  }

  /** Bytes of large answers not yet taken by their clients, all connections together. */
  public long bytesInFlight() {
    return bytesInFlight;
  }

  /**
   * Ends the response (status and headers already set) with {@code body}. A large answer the budget cannot take
   * fails the request with 503 instead, before anything is written.
   */
  void end(RoutingContext ctx, Buffer body) {
    int length = body.length();
    boolean large = length > SLICE_BYTES;
    if (large && bytesInFlight + length > maxBytesInFlight) {
      ctx.fail(ApiProblem.retryLater(503, "The server is busy sending other large answers; retry shortly", 1));
      return;
    }
    if (large) {
      bytesInFlight += length;
    }
    deliver(ctx, body, large ? length : 0);
  }

  private void deliver(RoutingContext ctx, Buffer body, long reserved) {
    if (body.length() > 0) {
      ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
    }
    new Delivery(ctx, body, reserved).send();
  }

  /** One answer on its way out, slice by slice. */
  private final class Delivery {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Buffer body;
    private final long reserved;
    private int offset;
    private long idleTimer = -1;
    private boolean finished;

    Delivery(RoutingContext ctx, Buffer body, long reserved) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.body = body;
      this.reserved = reserved;
      // Called when the answer has ended and when its connection closes before that.
      ctx.addEndHandler(ended -> finish());
    }

    void send() {
      cancelIdleTimer();
      if (response.closed()) {
        finish();
        return;
      }
      while (!response.writeQueueFull()) {
        int end = Math.min(offset + SLICE_BYTES, body.length());
        Buffer slice = body.slice(offset, end);
        offset = end;
        if (offset == body.length()) {
          if (slice.length() == 0) {
            response.end();
          } else {
            response.end(slice);
          }
          return;
        }
        response.write(slice);
      }
      // The client has not taken what is queued: wait until it does, but not forever.
      idleTimer = vertx.setTimer(idleTimeoutMillis, idle -> abandon());
      response.drainHandler(drained -> send());
    }

    /**
     * Gives up on a client that stopped reading. Closing an HTTP/1 connection waits for the answer in progress to
     * end, so the answer is ended short right after: the connection closes and drops what is still queued.
     */
    private void abandon() {
      ctx.request().connection().close();
      response.end();
    }

    /** The answer is out, or its connection is gone: what it held is free again. */
    private void finish() {
      if (!finished) {
        finished = true;
        cancelIdleTimer();
        bytesInFlight -= reserved;
      }
    }

    private void cancelIdleTimer() {
      if (idleTimer >= 0) {
        vertx.cancelTimer(idleTimer);
        idleTimer = -1;
      }
    }
  }
}
