package org.rogatory.hub.audit.evidence;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeProver;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageNotRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.protocol.ErrorCode;

/**
 * The evidence of one message, made on demand from the stored events (docs/spec/evidence.md,
 * decision 0007): for the event that recorded its submission, each delivery, each logged retrieval
 * receipt and each missed retrieval deadline (decision 0013), a statement whose every field comes
 * from that stored event and its place in the log, signed with the log's key, with the inclusion
 * proof of the event's leaf under the latest signed checkpoint. Nothing is signed when a message is
 * submitted, so submissions stay cheap; the same request always yields the same statements (the
 * ML-DSA-65 half of the signature is hedged, so its bytes differ, never what it signs).
 */
public final class MessageEvidence {
  private static final int PAGE = 256;
  private static final int CACHED_STATEMENTS = 2048; // about 7.5 MB of signed statements
  private static final String SUBMITTED = MessageSubmittedEvent.class.getName();
  private static final String DELIVERED = MessageDeliveredEvent.class.getName();
  private static final String RETRIEVED = MessageRetrievedEvent.class.getName();
  private static final String NOT_RETRIEVED = MessageNotRetrievedEvent.class.getName();

  private final EventLog events;
  private final LogStore log;
  private final LogSigningKey key;
  private final Serializer serializer;

  /**
   * Signed statements by log index. A statement's content is fixed by its event, so a signature
   * made once serves every later request for it: asking again for the same evidence costs no
   * signing (ML-DSA-65 signing is the expensive part, about 1.5 ms).
   */
  private final Map<Long, SignedStatement> signed =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, SignedStatement> eldest) {
              return size() > CACHED_STATEMENTS;
            }
          });

  /**
   * One statement with the inclusion path of its event's leaf, and for a retrieval the recipient's
   * signed receipt it names.
   */
  public record Item(SignedStatement statement, List<TreeHash> inclusionPath, byte[] receipt) {}

  /** The statements of one message, all proved under the one checkpoint {@code note}. */
  public record Evidence(String checkpoint, long treeSize, List<Item> items) {}

  public MessageEvidence(
      EventLog events, LogStore log, LogSigningKey key, Serializer eventSerializer) {
    this.events = events;
    this.log = log;
    this.key = key;
    this.serializer = eventSerializer;
  }

  /**
   * The evidence of message {@code messageId} of request {@code requestId} for {@code party}, its
   * sender or one of its recipients.
   *
   * @throws ApiException {@code NOT_FOUND} if there is no such message for the party, {@code
   *     UNAVAILABLE} if no signed checkpoint covers its submission yet
   */
  public Evidence of(String requestId, String messageId, String party) {
    List<StoredEvent> mine = new ArrayList<>();
    MessageSubmittedEvent submitted = null;
    StoredEvent submittedAt = null;
    long from = 0;
    for (List<StoredEvent> page = events.readAggregate(requestId, from, PAGE);
        !page.isEmpty();
        page = events.readAggregate(requestId, from, PAGE)) {
      for (StoredEvent e : page) {
        from = e.aggregateSequence() + 1;
        String type = e.payloadType();
        if (type.equals(SUBMITTED)) {
          MessageSubmittedEvent s = (MessageSubmittedEvent) payload(e);
          if (s.messageId().equals(messageId)) {
            submitted = s;
            submittedAt = e;
          }
        } else if (type.equals(DELIVERED) || type.equals(RETRIEVED) || type.equals(NOT_RETRIEVED)) {
          mine.add(e);
        }
      }
    }
    if (submitted == null
        || !(submitted.sender().equals(party) || submitted.recipientParties().contains(party))) {
      throw new ApiException(
          ErrorCode.NOT_FOUND, "no message " + messageId + " of yours in request " + requestId);
    }
    LogStore.PublishedCheckpoint checkpoint = log.latest().orElse(null);
    if (checkpoint == null || submittedAt.globalSequence() >= checkpoint.size()) {
      throw new ApiException(
          ErrorCode.UNAVAILABLE,
          "the message's submission is not yet covered by a signed checkpoint; retry in a second");
    }
    long size = checkpoint.size();
    List<Item> items = new ArrayList<>();
    items.add(item(submission(submitted, submittedAt), size, null));
    for (StoredEvent e : mine) {
      if (e.globalSequence() >= size) {
        continue; // recorded after the checkpoint: it will be in the next evidence
      }
      Object p = payload(e);
      if (p instanceof MessageDeliveredEvent d && d.messageId().equals(messageId)) {
        items.add(item(delivery(submitted, d, e), size, null));
      } else if (p instanceof MessageRetrievedEvent r
          && r.messageId().equals(messageId)
          && r.receipt() != null) { // revision 1 recorded a digest only: nothing to prove
        byte[] receipt = Base64.getDecoder().decode(r.receipt());
        items.add(item(retrieval(submitted, r, e, receipt), size, receipt));
      } else if (p instanceof MessageNotRetrievedEvent n && n.messageId().equals(messageId)) {
        items.add(item(missedDeadline(submitted, n, e), size, null));
      }
    }
    return new Evidence(checkpoint.note(), size, items);
  }

  private Item item(EvidenceStatement statement, long size, byte[] receipt) {
    SignedStatement s = signed.get(statement.logIndex());
    if (s == null || !s.statement().equals(statement)) {
      s = key.sign(statement);
      signed.put(statement.logIndex(), s);
    }
    return new Item(s, TreeProver.over(log).inclusion(statement.logIndex(), size).path(), receipt);
  }

  private Object payload(StoredEvent e) {
    return serializer.deserialize(
        new SimpleSerializedObject<>(
            e.payload(), byte[].class, e.payloadType(), e.payloadRevision()));
  }

  private EvidenceStatement submission(MessageSubmittedEvent s, StoredEvent e) {
    return EvidenceStatement.submissionAcceptance(
        key.origin(),
        s.requestId(),
        UUID.fromString(s.messageId()),
        PartyId.of(s.sender()),
        Fingerprint.ofHex(s.senderKeyFingerprint()),
        s.recipientParties().stream().map(PartyId::of).toList(),
        HexFormat.of().parseHex(s.envelopeDigest()),
        s.envelopeSize(),
        s.at(),
        e.globalSequence(),
        e.hash());
  }

  private EvidenceStatement delivery(
      MessageSubmittedEvent s, MessageDeliveredEvent d, StoredEvent e) {
    return EvidenceStatement.delivery(
        key.origin(),
        d.requestId(),
        UUID.fromString(d.messageId()),
        PartyId.of(d.recipient()),
        HexFormat.of().parseHex(s.envelopeDigest()),
        s.envelopeSize(),
        d.at(),
        e.globalSequence(),
        e.hash());
  }

  private EvidenceStatement missedDeadline(
      MessageSubmittedEvent s, MessageNotRetrievedEvent n, StoredEvent e) {
    return EvidenceStatement.missedDeadline(
        n.delivered(),
        key.origin(),
        n.requestId(),
        UUID.fromString(n.messageId()),
        PartyId.of(n.recipient()),
        HexFormat.of().parseHex(s.envelopeDigest()),
        s.envelopeSize(),
        n.deadline(),
        e.globalSequence(),
        e.hash());
  }

  private EvidenceStatement retrieval(
      MessageSubmittedEvent s, MessageRetrievedEvent r, StoredEvent e, byte[] receipt) {
    SignedStatement signed;
    try {
      signed = SignedStatement.decode(receipt);
    } catch (CryptoException ex) {
      throw new IllegalStateException("a logged retrieval receipt no longer decodes", ex);
    }
    return EvidenceStatement.retrieval(
        key.origin(),
        r.requestId(),
        UUID.fromString(r.messageId()),
        PartyId.of(r.recipient()),
        signed.statement().actorKey(),
        HexFormat.of().parseHex(s.envelopeDigest()),
        s.envelopeSize(),
        r.at(),
        e.globalSequence(),
        e.hash(),
        signed.digest());
  }
}
