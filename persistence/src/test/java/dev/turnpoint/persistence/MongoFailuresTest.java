package dev.turnpoint.persistence;

import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.turnpoint.persistence.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplicate keys reach the stores as different driver exceptions depending on the operation; each must become
 * CONFLICT. Runs against the embedded server over the wire, so the exceptions are the driver's own.
 */
@ExtendWith(VertxExtension.class)
class MongoFailuresTest {

  private PersistenceFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = PersistenceFixture.withDirectAccess(vertx).await();
    fixture.database().createIndexWithOptions("things", new JsonObject().put("code", 1),
        new IndexOptions().unique(true)).await();
    fixture.database().insert("things", new JsonObject().put("_id", "a").put("code", "x")).await();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aDuplicateInsertIsAConflict() {
    Future<String> insert = fixture.database().insert("things", new JsonObject().put("_id", "a"));
    assertThat(failureOf(insert.recover(MongoFailures::translate))).isEqualTo(FailureCode.CONFLICT);
  }

  @Test
  void aDuplicateUniqueFieldIsAConflict() {
    Future<String> insert = fixture.database().insert("things", new JsonObject().put("_id", "b").put("code", "x"));
    assertThat(failureOf(insert.recover(MongoFailures::translate))).isEqualTo(FailureCode.CONFLICT);
  }

  @Test
  void aDuplicateCausedByAnUpdateIsAConflict() {
    fixture.database().insert("things", new JsonObject().put("_id", "b").put("code", "y")).await();
    Future<JsonObject> update = fixture.database().findOneAndUpdateWithOptions("things",
        new JsonObject().put("_id", "b"), new JsonObject().put("$set", new JsonObject().put("code", "x")),
        new FindOptions(), new UpdateOptions());
    assertThat(failureOf(update.recover(MongoFailures::translate))).isEqualTo(FailureCode.CONFLICT);
  }

  @Test
  void aDuplicateInABulkWriteIsAConflict() {
    Future<?> bulk = fixture.database().bulkWrite("things", List.of(
        BulkOperation.createInsert(new JsonObject().put("_id", "c").put("code", "z")),
        BulkOperation.createInsert(new JsonObject().put("_id", "d").put("code", "x"))));
    assertThat(failureOf(bulk.recover(MongoFailures::translate))).isEqualTo(FailureCode.CONFLICT);
  }

  @Test
  void otherFailuresPassThrough() {
    Future<?> invalid = fixture.database().updateCollection("things", new JsonObject(),
        new JsonObject().put("$unknownOperator", new JsonObject()));
    Throwable failure = invalid.recover(MongoFailures::translate).transform(Future::succeededFuture).await().cause();
    assertThat(failure).isNotNull().isNotInstanceOf(ServiceException.class);
  }
}
