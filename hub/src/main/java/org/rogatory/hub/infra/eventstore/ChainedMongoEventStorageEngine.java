package org.rogatory.hub.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.hub.infra.mongo.Durability;

/**
 * Axon's view of Rogatory's {@link EventLog}: global-sequence tracking tokens, per-aggregate
 * streams with optimistic concurrency, snapshots, and the hash chain underneath.
 */
public final class ChainedMongoEventStorageEngine extends BatchingEventStorageEngine {
  private final EventLog log;
  private final MongoCollection<Document> snapshots;

  private ChainedMongoEventStorageEngine(Builder builder) {
    super(builder);
    this.log = builder.log;
    this.snapshots = Durability.derived(builder.database.getCollection("snapshots"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Validated builder: {@code eventLog}, {@code database} and the serializers must be set. */
  public static final class Builder extends BatchingEventStorageEngine.Builder {
    private EventLog log;
    private MongoDatabase database;

    public Builder eventLog(EventLog log) {
      this.log = log;
      return this;
    }

    public Builder database(MongoDatabase database) {
      this.database = database;
      return this;
    }

    @Override
    public Builder snapshotSerializer(Serializer snapshotSerializer) {
      super.snapshotSerializer(snapshotSerializer);
      return this;
    }

    @Override
    public Builder eventSerializer(Serializer eventSerializer) {
      super.eventSerializer(eventSerializer);
      return this;
    }

    @Override
    public Builder persistenceExceptionResolver(PersistenceExceptionResolver resolver) {
      super.persistenceExceptionResolver(resolver);
      return this;
    }

    @Override
    public Builder batchSize(int batchSize) {
      super.batchSize(batchSize);
      return this;
    }

    public ChainedMongoEventStorageEngine build() {
      if (log == null) {
        throw new IllegalStateException("eventLog must be set");
      }
      if (database == null) {
        throw new IllegalStateException("database must be set");
      }
      validate();
      return new ChainedMongoEventStorageEngine(this);
    }
  }

  // ------------------------------------------------------------------ appending

  @Override
  protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
    if (events.isEmpty()) {
      return;
    }
    List<StoredEvent> stored = new ArrayList<>(events.size());
    for (EventMessage<?> e : events) {
      stored.add(toStored(e, serializer));
    }
    try {
      log.append(stored);
    } catch (AggregateConflictException e) {
      StoredEvent first = stored.get(0);
      if (first.isDomainEvent() && first.aggregateSequence() == 0) {
        throw new AggregateStreamCreationException(e.getMessage(), e);
      }
      throw new ConcurrencyException(e.getMessage(), e);
    } catch (EventLogException | IllegalArgumentException e) {
      throw new EventStoreException("the event store did not accept the events", e);
    }
  }

  private static StoredEvent toStored(EventMessage<?> event, Serializer serializer) {
    SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
    SerializedObject<byte[]> meta = event.serializeMetaData(serializer, byte[].class);
    String aggType = null;
    String aggId = null;
    long aggSeq = -1;
    if (event instanceof DomainEventMessage<?> d && d.getType() != null) {
      aggType = d.getType();
      aggId = d.getAggregateIdentifier();
      aggSeq = d.getSequenceNumber();
    }
    return StoredEvent.unsequenced(
        event.getIdentifier(),
        aggType,
        aggId,
        aggSeq,
        event.getTimestamp().toString(),
        payload.getType().getName(),
        payload.getType().getRevision(),
        payload.getData(),
        meta.getData());
  }

  private static GenericDomainEventEntry<byte[]> toEntry(StoredEvent e) {
    // Events outside an aggregate follow Axon's convention: aggregate id = event id, sequence 0.
    boolean domain = e.isDomainEvent();
    return new GenericDomainEventEntry<>(
        domain ? e.aggregateType() : null,
        domain ? e.aggregateId() : e.eventId(),
        domain ? e.aggregateSequence() : 0,
        e.eventId(),
        e.timestamp(),
        e.payloadType(),
        e.payloadRevision(),
        e.payload(),
        e.metadata());
  }

  // ------------------------------------------------------------------ reading

  @Override
  protected List<? extends TrackedEventData<?>> fetchTrackedEvents(
      TrackingToken lastToken, int batchSize) {
    long next = lastToken == null ? 0 : position(lastToken) + 1;
    List<StoredEvent> events = log.readFrom(next, batchSize);
    List<TrackedEventData<?>> out = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      out.add(
          new TrackedDomainEventData<>(
              new GlobalSequenceTrackingToken(e.globalSequence()), toEntry(e)));
    }
    return out;
  }

  private static long position(TrackingToken token) {
    return token
        .position()
        .orElseThrow(() -> new IllegalArgumentException("unsupported tracking token " + token));
  }

  @Override
  protected List<? extends DomainEventData<?>> fetchDomainEvents(
      String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
    List<StoredEvent> events =
        log.readAggregate(aggregateIdentifier, firstSequenceNumber, batchSize);
    List<DomainEventData<?>> out = new ArrayList<>(events.size());
    for (StoredEvent e : events) {
      out.add(toEntry(e));
    }
    return out;
  }

  @Override
  public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
    Document snapshot = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
    long from = snapshot == null ? 0 : snapshot.get("seq", Number.class).longValue();
    long last = log.lastAggregateSequence(aggregateIdentifier, from);
    if (last < 0 && snapshot != null) {
      last = from;
    }
    return last < 0 ? Optional.empty() : Optional.of(last);
  }

  // ------------------------------------------------------------------ snapshots

  @Override
  protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
    Document current = snapshots.find(Filters.eq("_id", snapshot.getAggregateIdentifier())).first();
    if (current != null
        && current.get("seq", Number.class).longValue() >= snapshot.getSequenceNumber()) {
      return;
    }
    SerializedObject<byte[]> payload = snapshot.serializePayload(serializer, byte[].class);
    SerializedObject<byte[]> meta = snapshot.serializeMetaData(serializer, byte[].class);
    Document doc =
        new Document("_id", snapshot.getAggregateIdentifier())
            .append("type", snapshot.getType())
            .append("seq", snapshot.getSequenceNumber())
            .append("id", snapshot.getIdentifier())
            .append("ts", snapshot.getTimestamp().toString())
            .append("payloadType", payload.getType().getName())
            .append("rev", payload.getType().getRevision())
            .append("payload", new Binary(payload.getData()))
            .append("meta", new Binary(meta.getData()));
    snapshots.replaceOne(
        Filters.eq("_id", snapshot.getAggregateIdentifier()),
        doc,
        new ReplaceOptions().upsert(true));
  }

  @Override
  protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
    Document d = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
    if (d == null) {
      return Stream.empty();
    }
    return Stream.of(
        new GenericDomainEventEntry<>(
            d.getString("type"),
            aggregateIdentifier,
            d.get("seq", Number.class).longValue(),
            d.getString("id"),
            d.getString("ts"),
            d.getString("payloadType"),
            d.getString("rev"),
            d.get("payload", Binary.class).getData(),
            d.get("meta", Binary.class).getData()));
  }

  // ------------------------------------------------------------------ tokens

  @Override
  public TrackingToken createTailToken() {
    return null;
  }

  @Override
  public TrackingToken createHeadToken() {
    long head = log.head();
    return head < 0 ? null : new GlobalSequenceTrackingToken(head);
  }

  /** The token just before the first event at or after {@code dateTime} (binary search). */
  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    long low = 0;
    long high = log.head();
    if (high < 0) {
      return null;
    }
    while (low < high) {
      long mid = (low + high) >>> 1;
      List<StoredEvent> at = log.readFrom(mid, 1);
      if (at.isEmpty() || Instant.parse(at.get(0).timestamp()).isBefore(dateTime)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low == 0 ? null : new GlobalSequenceTrackingToken(low - 1);
  }
}
