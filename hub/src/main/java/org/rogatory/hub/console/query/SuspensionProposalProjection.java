package org.rogatory.hub.console.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionProposedEvent;
import org.rogatory.hub.infra.mongo.Durability;
import org.springframework.stereotype.Component;

/** Suspension proposals and their approval, for the console's four-eyes page. */
@Component
@ProcessingGroup("console-proposals")
public class SuspensionProposalProjection {
  private final MongoCollection<Document> proposals;

  /** One proposal; {@code approvedBy} is null while it awaits a second administrator. */
  public record ProposalView(
      String proposalId,
      String partyId,
      String reason,
      String proposedBy,
      Instant proposedAt,
      String approvedBy,
      Instant approvedAt) {}

  SuspensionProposalProjection(MongoDatabase database) {
    this.proposals = Durability.derived(database.getCollection("console_suspension_proposals"));
  }

  @EventHandler
  void on(PartySuspensionProposedEvent e) {
    proposals.replaceOne(
        Filters.eq("_id", e.proposalId()),
        new Document("_id", e.proposalId())
            .append("partyId", e.partyId())
            .append("reason", e.reason())
            .append("proposedBy", e.proposedBy())
            .append("proposedAt", Date.from(e.at()))
            .append("approvedBy", null)
            .append("approvedAt", null),
        new ReplaceOptions().upsert(true));
  }

  @EventHandler
  void on(PartySuspensionApprovedEvent e) {
    proposals.updateOne(
        Filters.eq("_id", e.proposalId()),
        Updates.combine(
            Updates.set("approvedBy", e.approvedBy()),
            Updates.set("approvedAt", Date.from(e.at()))));
  }

  @ResetHandler
  void reset() {
    proposals.deleteMany(new Document());
  }

  public ProposalView find(String proposalId) {
    Document d = proposals.find(Filters.eq("_id", proposalId)).first();
    return d == null ? null : toView(d);
  }

  /** Every proposal, newest first. */
  public List<ProposalView> all() {
    List<ProposalView> out = new ArrayList<>();
    for (Document d : proposals.find().sort(new Document("proposedAt", -1))) {
      out.add(toView(d));
    }
    return out;
  }

  private static ProposalView toView(Document d) {
    Date approvedAt = d.getDate("approvedAt");
    return new ProposalView(
        d.getString("_id"),
        d.getString("partyId"),
        d.getString("reason"),
        d.getString("proposedBy"),
        d.getDate("proposedAt").toInstant(),
        d.getString("approvedBy"),
        approvedAt == null ? null : approvedAt.toInstant());
  }
}
