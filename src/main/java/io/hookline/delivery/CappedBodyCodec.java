package io.hookline.delivery;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Keeps the first {@link #LIMIT} bytes of a receiver's answer and discards the rest as it streams in, so a
 * receiver answering with gigabytes costs 64 KiB of memory, not gigabytes.
 */
final class CappedBodyCodec implements BodyCodec<Buffer> {

  static final int LIMIT = 64 * 1024;
  static final CappedBodyCodec INSTANCE = new CappedBodyCodec();

  @Override
  public BodyStream<Buffer> stream() {
    return new BodyStream<>() {
      private final Buffer buffer = Buffer.buffer();
      private final Promise<Buffer> result = Promise.promise();

      @Override
      public Future<Buffer> result() {
        return result.future();
      }

      @Override
      public void handle(Throwable cause) {
        result.tryFail(cause);
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public Future<Void> write(Buffer data) {
        int room = LIMIT - buffer.length();
        if (room > 0) {
          buffer.appendBuffer(data, 0, Math.min(room, data.length()));
        }
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        result.tryComplete(buffer);
        return Future.succeededFuture();
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
    };
  }
}
