package org.rogatory.hub.infra.eventstore;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The MongoDB shape of a commit: all events of one unit of work in one document, written
 * atomically. Fields are documented in docs/decisions/0004-event-store-on-mongodb.md.
 */
final class CommitDocuments {
  static final String ID = "_id";
  static final String LAST = "last";
  static final String AGG_KEY = "agg";
  static final String AGG_ID = "aggId";
  static final String AGG_FIRST = "aggFirst";
  static final String AGG_LAST = "aggLast";
  static final String PREV = "prev";
  static final String EVENTS = "events";

  private CommitDocuments() {}

  /** The unique key that makes an aggregate's sequence numbers unique across writers. */
  static String aggregateKey(String aggregateId, long firstSequence) {
    return aggregateId + "#" + firstSequence;
  }

  /** Commits without an aggregate get a key no aggregate key can equal (it has no '#'). */
  static String globalKey(long firstGlobal) {
    return "~" + firstGlobal;
  }

  static Document toDocument(List<StoredEvent> events, byte[] previousHash) {
    StoredEvent first = events.get(0);
    StoredEvent lastEvent = events.get(events.size() - 1);
    Document doc =
        new Document(ID, first.globalSequence()).append(LAST, lastEvent.globalSequence());
    StoredEvent firstDomain = null;
    StoredEvent lastDomain = null;
    for (StoredEvent e : events) {
      if (e.isDomainEvent()) {
        if (firstDomain == null) {
          firstDomain = e;
        }
        lastDomain = e;
      }
    }
    if (firstDomain != null) {
      doc.append(AGG_KEY, aggregateKey(firstDomain.aggregateId(), firstDomain.aggregateSequence()))
          .append(AGG_ID, firstDomain.aggregateId())
          .append(AGG_FIRST, firstDomain.aggregateSequence())
          .append(AGG_LAST, lastDomain.aggregateSequence());
    } else {
      doc.append(AGG_KEY, globalKey(first.globalSequence()));
    }
    doc.append(PREV, new Binary(previousHash));
    List<Document> list = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      Document d =
          new Document("seq", e.globalSequence())
              .append("id", e.eventId())
              .append("ts", e.timestamp())
              .append("type", e.payloadType())
              .append("payload", new Binary(e.payload()))
              .append("meta", new Binary(e.metadata()))
              .append("hash", new Binary(e.hash()));
      if (e.payloadRevision() != null) {
        d.append("rev", e.payloadRevision());
      }
      if (e.isDomainEvent()) {
        d.append("aggType", e.aggregateType())
            .append("aggId", e.aggregateId())
            .append("aggSeq", e.aggregateSequence());
      }
      list.add(d);
    }
    doc.append(EVENTS, list);
    return doc;
  }

  static List<StoredEvent> events(Document commit) {
    List<Document> list = commit.getList(EVENTS, Document.class);
    List<StoredEvent> out = new ArrayList<>(list.size());
    for (Document d : list) {
      Number aggSeq = d.get("aggSeq", Number.class);
      out.add(
          new StoredEvent(
              d.get("seq", Number.class).longValue(),
              d.getString("id"),
              d.getString("aggType"),
              d.getString("aggId"),
              aggSeq == null ? -1 : aggSeq.longValue(),
              d.getString("ts"),
              d.getString("type"),
              d.getString("rev"),
              d.get("payload", Binary.class).getData(),
              d.get("meta", Binary.class).getData(),
              d.get("hash", Binary.class).getData()));
    }
    return out;
  }

  static long first(Document commit) {
    return commit.get(ID, Number.class).longValue();
  }

  static long last(Document commit) {
    return commit.get(LAST, Number.class).longValue();
  }

  static byte[] previousHash(Document commit) {
    return commit.get(PREV, Binary.class).getData();
  }
}
