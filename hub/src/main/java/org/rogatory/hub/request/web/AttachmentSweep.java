package org.rogatory.hub.request.web;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.rogatory.hub.infra.blob.BlobStore;
import org.rogatory.hub.infra.blob.BlobStore.UploadState;
import org.rogatory.hub.infra.metrics.HubMetrics;
import org.rogatory.hub.infra.schedule.PeriodicTask;
import org.rogatory.hub.request.query.RequestViewProjection;
import org.rogatory.hub.request.query.ViewFreshness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Removes attachment uploads that no message references, once they have been left unused for the
 * retention period ({@code rogatory.attachments.unused-retention}, 14 days by default): an upload
 * abandoned half-way, or a complete one whose message was never sent, would otherwise keep its
 * ciphertext (up to gigabytes) for ever. A referenced attachment is never removed.
 *
 * <p>In two steps, so that a message being submitted at the same moment cannot lose its attachment:
 * a round <em>marks</em> an old unreferenced upload as expiring (from then on a message may no
 * longer reference it, {@link AttachmentHandler#referencedDigests}); a later round, at least {@link
 * #GRACE} after the mark, looks again and removes it only if still no message references it. A
 * message that referenced it before the mark is in the request views long before that. A round does
 * nothing unless the request views have handled the whole log (not during a replay or with the
 * processor stopped), since they are what says an attachment is referenced. Several hub nodes may
 * sweep at once: each step is idempotent.
 */
@Component
public final class AttachmentSweep extends PeriodicTask {
  private static final Logger LOG = LoggerFactory.getLogger(AttachmentSweep.class);
  static final Duration GRACE = Duration.ofHours(1);

  private final MongoCollection<Document> attachments;
  private final BlobStore blobs;
  private final RequestViewProjection views;
  private final ViewFreshness freshness;
  private final Clock clock;
  private final HubMetrics metrics;
  private final Duration retention;

  /** What one round did. */
  public record Round(boolean ran, int marked, int kept, int removed) {}

  AttachmentSweep(
      MongoDatabase database,
      BlobStore blobs,
      RequestViewProjection views,
      ViewFreshness freshness,
      Clock clock,
      HubMetrics metrics,
      @Value("${rogatory.attachments.unused-retention:14d}") Duration retention,
      @Value("${rogatory.attachments.sweep-interval:1h}") Duration interval) {
    super("attachment-sweep", interval, LOG);
    if (retention.compareTo(Duration.ofDays(1)) < 0 || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "rogatory.attachments.unused-retention must be at least a day and"
              + " rogatory.attachments.sweep-interval positive");
    }
    this.attachments = database.getCollection("attachments");
    this.blobs = blobs;
    this.views = views;
    this.freshness = freshness;
    this.clock = clock;
    this.retention = retention;
    this.metrics = metrics;
  }

  /** One round at {@code now}: marks what has been unused too long, removes what was marked. */
  public Round sweepOnce(Instant now) throws InterruptedException {
    if (!freshness.requestViewsAtHead()) {
      return new Round(false, 0, 0, 0);
    }
    int marked = 0;
    int kept = 0;
    int removed = 0;
    // A scan of the uploads' metadata (a document each, a few thousand a year); once referenced,
    // an attachment is flagged and left alone.
    List<Document> candidates =
        attachments
            .find(
                Filters.and(
                    Filters.ne("referenced", true),
                    Filters.lt("createdAt", Date.from(now.minus(retention)))))
            .into(new ArrayList<>());
    for (Document a : candidates) {
      String id = a.getString("_id");
      UploadState state = blobs.uploadState(id);
      if (state != null
          && views.isAttachmentReferenced(a.getString("requestId"), state.declaredSha256())) {
        attachments.updateOne(
            Filters.eq("_id", id),
            Updates.combine(Updates.set("referenced", true), Updates.unset("expiringAt")));
        kept++;
        continue;
      }
      Date mark = a.getDate("expiringAt");
      if (mark == null) {
        attachments.updateOne(Filters.eq("_id", id), Updates.set("expiringAt", Date.from(now)));
        marked++;
      } else if (!mark.toInstant().isAfter(now.minus(GRACE))) {
        blobs.delete(id);
        attachments.deleteOne(Filters.eq("_id", id));
        metrics.uploadRemoved(state == null ? 0 : state.committed());
        removed++;
        LOG.info(
            "removed attachment upload {} of request {}: unused since {}",
            id,
            a.getString("requestId"),
            a.getDate("createdAt").toInstant());
      }
    }
    return new Round(true, marked, kept, removed);
  }

  @Override
  protected void runRound() throws InterruptedException {
    sweepOnce(clock.instant());
  }
}
