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
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.CertificateRevocationProposedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.KeyRevocationProposedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionApprovedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.PartySuspensionProposedEvent;
import org.rogatory.hub.infra.mongo.Durability;
import org.springframework.stereotype.Component;

/** Four-eyes proposals (suspending a party, revoking a key or a certificate) and their approval. */
@Component
@ProcessingGroup("console-proposals")
public class ProposalProjection {
  private final MongoCollection<Document> proposals;

  /** What a proposal would do once approved. */
  public enum Action {
    SUSPEND_PARTY,
    REVOKE_KEY,
    REVOKE_CERTIFICATE
  }

  /**
   * One proposal; {@code keyFingerprint} only for {@link Action#REVOKE_KEY}, {@code
   * certificateSerial} only for {@link Action#REVOKE_CERTIFICATE}; {@code approvedBy} is null while
   * it awaits a second administrator.
   */
  public record ProposalView(
      String proposalId,
      Action action,
      String partyId,
      String keyFingerprint,
      String certificateSerial,
      String reason,
      String proposedBy,
      Instant proposedAt,
      String approvedBy,
      Instant approvedAt) {}

  ProposalProjection(MongoDatabase database) {
    this.proposals = Durability.derived(database.getCollection("console_proposals"));
  }

  @EventHandler
  void on(PartySuspensionProposedEvent e) {
    proposed(
        e.proposalId(),
        Action.SUSPEND_PARTY,
        e.partyId(),
        null,
        e.reason(),
        e.proposedBy(),
        e.at());
  }

  @EventHandler
  void on(KeyRevocationProposedEvent e) {
    proposed(
        e.proposalId(),
        Action.REVOKE_KEY,
        e.partyId(),
        e.keyFingerprint(),
        e.reason(),
        e.proposedBy(),
        e.at());
  }

  @EventHandler
  void on(CertificateRevocationProposedEvent e) {
    proposed(
        e.proposalId(),
        Action.REVOKE_CERTIFICATE,
        e.partyId(),
        e.certificateSerial(),
        e.reason(),
        e.proposedBy(),
        e.at());
  }

  @EventHandler
  void on(CertificateRevocationApprovedEvent e) {
    approved(e.proposalId(), e.approvedBy(), e.at());
  }

  @EventHandler
  void on(PartySuspensionApprovedEvent e) {
    approved(e.proposalId(), e.approvedBy(), e.at());
  }

  @EventHandler
  void on(KeyRevocationApprovedEvent e) {
    approved(e.proposalId(), e.approvedBy(), e.at());
  }

  private void proposed(
      String id,
      Action action,
      String partyId,
      String subject,
      String reason,
      String proposedBy,
      Instant at) {
    proposals.replaceOne(
        Filters.eq("_id", id),
        new Document("_id", id)
            .append("action", action.name())
            .append("partyId", partyId)
            .append(
                action == Action.REVOKE_CERTIFICATE ? "certificateSerial" : "keyFingerprint",
                subject)
            .append("reason", reason)
            .append("proposedBy", proposedBy)
            .append("proposedAt", Date.from(at))
            .append("approvedBy", null)
            .append("approvedAt", null),
        new ReplaceOptions().upsert(true));
  }

  private void approved(String id, String approvedBy, Instant at) {
    proposals.updateOne(
        Filters.eq("_id", id),
        Updates.combine(
            Updates.set("approvedBy", approvedBy), Updates.set("approvedAt", Date.from(at))));
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
        Action.valueOf(d.getString("action")),
        d.getString("partyId"),
        d.getString("keyFingerprint"),
        d.getString("certificateSerial"),
        d.getString("reason"),
        d.getString("proposedBy"),
        d.getDate("proposedAt").toInstant(),
        d.getString("approvedBy"),
        approvedAt == null ? null : approvedAt.toInstant());
  }
}
