package dev.turnpoint.engine.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body held in memory up to a number of bytes: an answer that grows past them fails the request with
 * {@link ResponseTooLargeException} as soon as it does, without the rest being read, so a server that answers
 * without end never fills the heap. Vert.x's own {@link BodyCodec#buffer()} holds whatever arrives.
 */
final class BoundedBody implements BodyCodec<Buffer> {

  private final long maxBytes;

  BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new Stream();
  }

  private final class Stream implements BodyStream<Buffer> {
    private final Promise<Buffer> result = Promise.promise();
    private final Buffer body = Buffer.buffer();

    @Override
    public Future<Buffer> result() {
      return result.future();
    }

    @Override
    public void handle(Throwable failure) {
      result.tryFail(failure);
    }

    @Override
    public Future<Void> write(Buffer chunk) {
      if (result.future().isComplete()) {
        return Future.failedFuture("the answer was already refused");
      }
      if (body.length() + (long) chunk.length() > maxBytes) {
        ResponseTooLargeException tooLarge = new ResponseTooLargeException(maxBytes);
        result.tryFail(tooLarge);
        return Future.failedFuture(tooLarge);
      }
      body.appendBuffer(chunk);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      result.tryComplete(body);
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
