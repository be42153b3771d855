package org.rogatory.hub.request.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.rogatory.hub.infra.mongo.Durability;
import org.rogatory.hub.request.api.RequestCommands.EscalateOverdueRequestCommand;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestEscalatedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Escalates overdue requests. A replayable projection keeps the requests that have a deadline and
 * are still pending (few: closed, decided and escalated ones leave it); every check interval the
 * watch asks the aggregate to escalate each one whose deadline has passed, by the injected {@link
 * Clock}. The aggregate decides: it escalates once and ignores the rest, so several hub nodes
 * watching at once do no harm.
 */
@Component
@ProcessingGroup("deadlines")
public class DeadlineWatch extends PeriodicWatch {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineWatch.class);

  private final MongoCollection<Document> pending;
  private final Clock clock;

  DeadlineWatch(
      MongoDatabase database,
      CommandGateway commands,
      Clock clock,
      @Value("${rogatory.deadlines.check-interval:60s}") Duration interval) {
    super("deadline-watch", interval, commands, LOG);
    this.pending = Durability.derived(database.getCollection("pending_deadlines"));
    this.clock = clock;
  }

  @EventHandler
  void on(RequestOpenedEvent e) {
    if (e.deadline() != null) {
      pending.replaceOne(
          Filters.eq("_id", e.requestId()),
          new Document("_id", e.requestId()).append("deadline", Date.from(e.deadline())),
          new ReplaceOptions().upsert(true));
    }
  }

  @EventHandler
  void on(RequestEscalatedEvent e) {
    pending.deleteOne(Filters.eq("_id", e.requestId()));
  }

  @EventHandler
  void on(OutcomeReportedEvent e) {
    pending.deleteOne(Filters.eq("_id", e.requestId()));
  }

  @EventHandler
  void on(RequestClosedEvent e) {
    pending.deleteOne(Filters.eq("_id", e.requestId()));
  }

  @ResetHandler
  void reset() {
    pending.deleteMany(new Document());
  }

  /** Asks for escalation of every pending request overdue at the clock's now; returns how many. */
  @Override
  public int checkOnce() {
    Instant now = clock.instant();
    List<String> overdue = new ArrayList<>();
    for (Document d : pending.find()) {
      if (!d.getDate("deadline").toInstant().isAfter(now)) {
        overdue.add(d.getString("_id"));
      }
    }
    return sendEach(overdue, requestId -> new EscalateOverdueRequestCommand(requestId, now));
  }
}
