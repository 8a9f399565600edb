package dev.turnpoint.persistence;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;

/**
 * Turns driver failures into {@link ServiceException}s by their numeric server code, never by message text. What is
 * not recognised passes through and ends up as INTERNAL at the service edge, where it is logged.
 */
public final class MongoFailures {

  /** The server's code for a unique-index violation. */
  static final int DUPLICATE_KEY = 11000;

  private MongoFailures() {
  }

  /** For {@code future.recover(MongoFailures::translate)}. */
  public static <T> Future<T> translate(Throwable failure) {
    if (isDuplicateKey(failure)) {
      return Future.failedFuture(ServiceException.conflict("a document with the same unique key already exists"));
    }
    if (failure instanceof MongoTimeoutException || failure instanceof MongoSocketException) {
      return Future.failedFuture(ServiceException.unavailable("the database is not reachable"));
    }
    return Future.failedFuture(failure);
  }

  public static boolean isDuplicateKey(Throwable failure) {
    if (failure instanceof MongoBulkWriteException bulk) {
      return bulk.getWriteErrors().stream().anyMatch(error -> error.getCode() == DUPLICATE_KEY);
    }
    if (failure instanceof MongoWriteException write) {
      return write.getError().getCode() == DUPLICATE_KEY;
    }
    if (failure instanceof MongoCommandException command) {
      return command.getErrorCode() == DUPLICATE_KEY;
    }
    return failure instanceof MongoException mongo && mongo.getCode() == DUPLICATE_KEY;
  }
}
