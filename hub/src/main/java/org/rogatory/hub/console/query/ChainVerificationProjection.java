package org.rogatory.hub.console.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.Date;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.rogatory.hub.console.api.ConsoleEvents.EventChainVerifiedEvent;
import org.rogatory.hub.infra.mongo.Durability;
import org.springframework.stereotype.Component;

/** The latest verification of the event chain run from the console, for its audit page. */
@Component
@ProcessingGroup("console-audit")
public class ChainVerificationProjection {
  private static final String LATEST = "latest";
  private final MongoCollection<Document> runs;

  /** A verification: who ran it, when, what it checked and found. */
  public record VerificationView(
      String by, long eventsChecked, long headSequence, String problem, Instant at) {}

  ChainVerificationProjection(MongoDatabase database) {
    this.runs = Durability.derived(database.getCollection("console_chain_verifications"));
  }

  @EventHandler
  void on(EventChainVerifiedEvent e) {
    Document current = runs.find(Filters.eq("_id", LATEST)).first();
    if (current != null && current.getDate("at").toInstant().isAfter(e.at())) {
      return;
    }
    runs.replaceOne(
        Filters.eq("_id", LATEST),
        new Document("_id", LATEST)
            .append("by", e.by())
            .append("eventsChecked", e.eventsChecked())
            .append("headSequence", e.headSequence())
            .append("problem", e.problem())
            .append("at", Date.from(e.at())),
        new ReplaceOptions().upsert(true));
  }

  @ResetHandler
  void reset() {
    runs.deleteMany(new Document());
  }

  /** The latest run, or null if none was run yet. */
  public VerificationView latest() {
    Document d = runs.find(Filters.eq("_id", LATEST)).first();
    return d == null
        ? null
        : new VerificationView(
            d.getString("by"),
            d.get("eventsChecked", Number.class).longValue(),
            d.get("headSequence", Number.class).longValue(),
            d.getString("problem"),
            d.getDate("at").toInstant());
  }
}
