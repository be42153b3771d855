package org.rogatory.hub.request.query;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;

/**
 * Runs event handlers the way a tracking processor runs one batch: the events at positions {@code
 * first, first + 1, …} in one batching unit of work, whose commit stores the batch's token first
 * (registered before any handler, as Axon's processor does) and then lets the test look at the
 * store.
 */
final class ProcessorBatch {
  interface Handler {
    void handle(Object payload, TrackingToken token);
  }

  private ProcessorBatch() {}

  /** A token store on {@code database} holding the claim of {@code processor}'s one segment. */
  static MongoTokenStore claimedTokens(MongoDatabase database, String processor) {
    MongoTokenStore tokens =
        new MongoTokenStore(
            database,
            JacksonSerializer.defaultSerializer(),
            "node-a",
            Duration.ofSeconds(10),
            Clock.systemUTC());
    tokens.initializeTokenSegments(processor, 1);
    tokens.fetchToken(processor, 0); // claim it, as the processor does
    return tokens;
  }

  /**
   * Handles {@code payloads}; {@code failOn} (a payload) makes its handling throw after the handler
   * ran; {@code duringBatch} runs after each handled event, {@code atTokenTime} right after the
   * token is stored.
   */
  static void run(
      MongoTokenStore tokens,
      String processor,
      long first,
      List<?> payloads,
      Handler handler,
      Object failOn,
      Runnable duringBatch,
      Runnable atTokenTime)
      throws Exception {
    List<EventMessage<?>> messages = new ArrayList<>();
    for (Object p : payloads) {
      messages.add(GenericEventMessage.asEventMessage(p));
    }
    BatchingUnitOfWork<EventMessage<?>> uow = new BatchingUnitOfWork<>(messages);
    AtomicLong position = new AtomicLong(first);
    long last = first + payloads.size() - 1;
    uow.executeWithResult(
        () -> {
          if (uow.isFirstMessage()) {
            uow.onPrepareCommit(
                u -> {
                  tokens.storeToken(new GlobalSequenceTrackingToken(last), processor, 0);
                  atTokenTime.run();
                });
          }
          Object payload = uow.getMessage().getPayload();
          handler.handle(payload, new GlobalSequenceTrackingToken(position.getAndIncrement()));
          if (payload.equals(failOn)) {
            throw new IllegalStateException("handler failure on " + payload);
          }
          duringBatch.run();
          return null;
        },
        RollbackConfigurationType.ANY_THROWABLE);
    if (uow.getExecutionResult().isExceptionResult()) {
      throw (Exception) uow.getExecutionResult().getExceptionResult();
    }
  }
}
