package org.rogatory.hub.request.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.rogatory.hub.infra.eventstore.BatchWrites;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.request.api.RequestCommands.RecordMessageNotRetrievedCommand;
import org.rogatory.hub.request.api.RequestEvents.MessageNotRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Records the recipients that missed a message's retrieval deadline (decision 0013). A replayable
 * projection keeps one row per recipient (but the sender) of each message with a deadline that has
 * not yet returned a retrieval receipt (a receipt, or the missed deadline, removes it); every check
 * interval the watch asks the request to record a non-retrieval for each row whose deadline has
 * passed by the injected {@link Clock}. The aggregate decides, once, so several hub nodes watching
 * at once do no harm; it runs in the {@code deadlines} processing group with {@link DeadlineWatch}.
 */
@Component
@ProcessingGroup("deadlines")
public class RetrievalWatch extends PeriodicWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RetrievalWatch.class);
  private static final int BATCH = 1000;

  private final MongoCollection<Document> pending;
  private final Clock clock;

  RetrievalWatch(
      MongoDatabase database,
      CommandGateway commands,
      Clock clock,
      @Value("${rogatory.deadlines.check-interval:60s}") Duration interval) {
    super("retrieval-watch", interval, commands, LOG);
    this.pending = Durability.derived(database.getCollection("pending_retrievals"));
    this.pending.createIndex(Indexes.ascending("deadline"));
    this.clock = clock;
  }

  private static String key(String requestId, String messageId, String recipient) {
    return requestId + "/" + messageId + "/" + recipient;
  }

  @EventHandler
  void on(MessageSubmittedEvent e) {
    if (e.retrievalDeadline() == null) {
      return; // revision 1: no deadline was fixed
    }
    for (String recipient : e.recipientParties()) {
      if (recipient.equals(e.sender())) {
        continue; // its own copy: the sender is owed no evidence of it (decision 0013)
      }
      String id = key(e.requestId(), e.messageId(), recipient);
      write(
          id,
          new Document("_id", id)
              .append("requestId", e.requestId())
              .append("messageId", e.messageId())
              .append("recipient", recipient)
              .append("deadline", Date.from(e.retrievalDeadline())));
    }
  }

  @EventHandler
  void on(MessageRetrievedEvent e) {
    write(key(e.requestId(), e.messageId(), e.recipient()), null);
  }

  @EventHandler
  void on(MessageNotRetrievedEvent e) {
    write(key(e.requestId(), e.messageId(), e.recipient()), null);
  }

  /**
   * Sets a pending row ({@code row}) or removes it (null), at the end of the processor's batch
   * (BatchWrites): the batch's last word on each row, in one bulk write.
   */
  private void write(String id, Document row) {
    Map<String, Document> batch =
        BatchWrites.pending(RetrievalWatch.class.getName(), LinkedHashMap::new, this::flush);
    if (batch != null) {
      batch.put(id, row);
    } else {
      Map<String, Document> single = new LinkedHashMap<>();
      single.put(id, row);
      flush(single);
    }
  }

  private void flush(Map<String, Document> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<WriteModel<Document>> writes = new ArrayList<>(rows.size());
    for (Map.Entry<String, Document> r : rows.entrySet()) {
      writes.add(
          r.getValue() == null
              ? new DeleteOneModel<>(Filters.eq("_id", r.getKey()))
              : new ReplaceOneModel<>(
                  Filters.eq("_id", r.getKey()), r.getValue(), new ReplaceOptions().upsert(true)));
    }
    pending.bulkWrite(writes, new BulkWriteOptions().ordered(false));
  }

  @ResetHandler
  void reset() {
    pending.deleteMany(new Document());
  }

  /**
   * Asks for a non-retrieval record for every pending retrieval overdue at the clock's now (at most
   * a thousand a round); returns how many were asked.
   */
  @Override
  public int checkOnce() {
    Instant now = clock.instant();
    List<Document> overdue = new ArrayList<>();
    pending.find(Filters.lte("deadline", Date.from(now))).limit(BATCH).into(overdue);
    return sendEach(
        overdue,
        d ->
            new RecordMessageNotRetrievedCommand(
                d.getString("requestId"), d.getString("messageId"), d.getString("recipient"), now));
  }
}
