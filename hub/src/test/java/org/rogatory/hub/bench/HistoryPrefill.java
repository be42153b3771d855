package org.rogatory.hub.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.rogatory.hub.infra.eventstore.ChainedMongoEventStorageEngine;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.mongo.BulkLoadStore;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.rogatory.hub.request.api.RequestStatus;

/**
 * Fills a stopped hub's store with a large history, much faster than the API could: requests of 50
 * messages each between the enrolled parties, appended as domain events through Rogatory's own
 * event storage engine (so the log, its chain and its aggregate keys are exactly what the hub
 * writes). Replaying a million events through the projections would take hours on the embedded
 * store (every projection write is forced to disk), so the read models of the added requests are
 * written in bulk in the shape the projections give them, and every processor's token is moved to
 * the new head, as if the hub had processed the history itself. Prefilled messages have no stored
 * envelope.
 */
final class HistoryPrefill {
  static final int MESSAGES_PER_REQUEST = 50;
  private static final String AGGREGATE_TYPE = "CooperationRequest";
  private static final List<String> PROCESSORS =
      List.of("request-views", "inboxes", "party-directory", "deadlines");

  private static final long PENDING = Long.MIN_VALUE;
  private final List<String> courts;
  private final List<String> states;
  private final Map<String, AtomicLong> inboxCounts = new ConcurrentHashMap<>();
  private final Map<String, Long> inboxLastSeq = new ConcurrentHashMap<>();

  HistoryPrefill(List<String> courts, List<String> states) {
    this.courts = List.copyOf(courts);
    this.states = List.copyOf(states);
  }

  /** The serializer settings of the hub's events (EventStoreConfiguration). */
  static JacksonSerializer serializer() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }

  /** The id of the {@code k}-th prefilled request. */
  static String requestId(int k) {
    return "prefill-" + k;
  }

  /** The mean BSON size of the newest commits that record a message (what the hub writes). */
  static int averageMessageCommitBytes(Path dataDir) throws Exception {
    try (BulkLoadStore store = BulkLoadStore.open(dataDir.resolve("store"));
        EventLog log = new EventLog(store.database())) {
      long head = log.head();
      List<Long> ids = new ArrayList<>();
      for (long id = Math.max(0, head - 500); id <= head; id++) {
        ids.add(id);
      }
      long total = 0;
      int n = 0;
      for (org.bson.RawBsonDocument d :
          store
              .database()
              .getCollection("events", org.bson.RawBsonDocument.class)
              .find(Filters.in("_id", ids))) {
        if (d.toJson().contains("MessageSubmittedEvent")) {
          total += d.getByteBuffer().remaining();
          n++;
        }
      }
      if (n == 0) {
        throw new IllegalStateException("no message commits among the newest events");
      }
      return (int) (total / n);
    }
  }

  /** What the prefill did. */
  record Outcome(long headBefore, long headAfter, int requests, double seconds, long fileBytes) {}

  /** Appends events until the log holds about {@code targetEvents}; returns what it did. */
  Outcome fill(Path dataDir, long targetEvents, int threads) throws Exception {
    long started = System.nanoTime();
    try (BulkLoadStore store = BulkLoadStore.open(dataDir.resolve("store"));
        EventLog log = new EventLog(store.database())) {
      MongoDatabase db = store.database();
      JacksonSerializer json = serializer();
      ChainedMongoEventStorageEngine engine =
          ChainedMongoEventStorageEngine.builder()
              .eventLog(log)
              .database(db)
              .eventSerializer(json)
              .snapshotSerializer(json)
              .build();
      long headBefore = log.head();
      loadInboxHeads(db);
      int requests =
          (int) Math.max(0, (targetEvents - headBefore - 1) / (MESSAGES_PER_REQUEST + 1));
      AtomicInteger next = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  try {
                    int k;
                    while ((k = next.getAndIncrement()) < requests) {
                      appendRequest(engine, db, k);
                      int n = done.incrementAndGet();
                      if (n % 2000 == 0) {
                        System.out.printf(
                            "  prefill: %,d of %,d requests (%.0f s)%n",
                            n, requests, (System.nanoTime() - started) / 1e9);
                      }
                    }
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                },
                "prefill-" + t);
        workers.add(w);
        w.start();
      }
      for (Thread w : workers) {
        w.join();
      }
      if (!errors.isEmpty()) {
        throw new IllegalStateException("prefill failed", errors.get(0));
      }
      long headAfter = log.head();
      saveHeads(db, headAfter);
      moveTokens(db, json, headAfter);
      return new Outcome(
          headBefore, headAfter, requests, (System.nanoTime() - started) / 1e9, store.fileSize());
    }
  }

  private void appendRequest(ChainedMongoEventStorageEngine engine, MongoDatabase db, int k) {
    String court = courts.get(k % courts.size());
    String state = states.get(k % states.size());
    String id = requestId(k);
    Instant at = Instant.now();
    append(
        engine,
        id,
        0,
        new RequestOpenedEvent(
            id,
            court,
            state,
            RequestCategory.EVIDENCE_AND_DOCUMENTS,
            Classification.CONFIDENTIAL,
            "ICC-PREFILL-" + k,
            null,
            at));
    List<Document> messages = new ArrayList<>();
    List<Document> inbox = new ArrayList<>();
    for (int m = 1; m <= MESSAGES_PER_REQUEST; m++) {
      boolean fromCourt = m % 2 == 1;
      String sender = fromCourt ? court : state;
      String recipient = fromCourt ? state : court;
      byte[] digest = new byte[32];
      ThreadLocalRandom.current().nextBytes(digest);
      MessageSubmittedEvent e =
          new MessageSubmittedEvent(
              id,
              UUID.randomUUID().toString(),
              sender,
              HexFormat.of().formatHex(digest),
              List.of(recipient, sender),
              HexFormat.of().formatHex(digest),
              10_000,
              UUID.randomUUID().toString(),
              List.of(),
              Instant.now(),
              null);
      append(engine, id, m, e);
      messages.add(
          new Document("_id", id + "#" + messages.size())
              .append("key", id + "/" + e.messageId())
              .append("index", messages.size())
              .append("messageId", e.messageId())
              .append("sender", sender)
              .append("recipients", e.recipientParties())
              .append("digest", e.envelopeDigest())
              .append("size", e.envelopeSize())
              .append("blob", e.envelopeBlobId())
              .append("attachments", List.of())
              .append("submittedAt", Date.from(e.at()))
              .append("deliveredTo", new ArrayList<String>())
              .append("retrievedBy", new ArrayList<String>()));
      long position =
          inboxCounts.computeIfAbsent(recipient, p -> new AtomicLong()).getAndIncrement();
      inboxLastSeq.put(recipient, PENDING);
      inbox.add(
          new Document("_id", recipient + "#" + position)
              .append("requestId", id)
              .append("messageId", e.messageId())
              .append("sender", sender)
              .append("size", e.envelopeSize())
              .append("submittedAt", Date.from(e.at())));
    }
    // The request's view as RequestViewProjection leaves it after these events.
    db.getCollection("request_views")
        .insertOne(
            new Document("_id", id)
                .append("openedBy", court)
                .append("addressee", state)
                .append("category", RequestCategory.EVIDENCE_AND_DOCUMENTS.name())
                .append("classification", Classification.CONFIDENTIAL.name())
                .append("courtReference", "ICC-PREFILL-" + k)
                .append("status", RequestStatus.OPEN.name())
                .append("openedAt", Date.from(at))
                .append("deadline", null)
                .append("escalated", false)
                .append("updatedAt", messages.get(messages.size() - 1).getDate("submittedAt"))
                .append("messageCount", messages.size())
                .append("lastSeq", PENDING));
    db.getCollection("request_messages")
        .insertMany(messages, new InsertManyOptions().ordered(false));
    db.getCollection("inbox_entries").insertMany(inbox, new InsertManyOptions().ordered(false));
  }

  /** One unit of work with one event, as a command of the hub appends it. */
  private static void append(
      ChainedMongoEventStorageEngine engine, String id, long sequence, Object payload) {
    engine.appendEvents(
        List.of(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, sequence, payload)));
  }

  private void loadInboxHeads(MongoDatabase db) {
    for (Document head : db.getCollection("inbox_heads").find()) {
      inboxCounts.put(
          head.getString("_id"), new AtomicLong(head.get("count", Number.class).longValue()));
      inboxLastSeq.put(head.getString("_id"), head.get("lastSeq", Number.class).longValue());
    }
  }

  /**
   * The read models record the last event applied to each document; for what the prefill wrote,
   * that is the new head (the projections skip events at or below it, and none will come).
   */
  private void saveHeads(MongoDatabase db, long head) {
    MongoCollection<Document> heads = db.getCollection("inbox_heads");
    inboxCounts.forEach(
        (party, count) -> {
          long last = inboxLastSeq.getOrDefault(party, -1L);
          heads.replaceOne(
              Filters.eq("_id", party),
              new Document("_id", party)
                  .append("count", count.get())
                  .append("lastSeq", last == PENDING ? head : last),
              new ReplaceOptions().upsert(true));
        });
    db.getCollection("request_views")
        .updateMany(Filters.eq("lastSeq", PENDING), Updates.set("lastSeq", head));
  }

  /** Every processor has "handled" the history: its token points at the new head. */
  private static void moveTokens(MongoDatabase db, JacksonSerializer json, long head) {
    SerializedObject<byte[]> token =
        json.serialize(new GlobalSequenceTrackingToken(head), byte[].class);
    for (String processor : PROCESSORS) {
      db.getCollection("tracking_tokens")
          .updateOne(
              Filters.eq("_id", processor + "/0"),
              Updates.combine(
                  Updates.set("token", new Binary(token.getData())),
                  Updates.set("tokenType", token.getType().getName()),
                  Updates.set("owner", null)));
    }
  }
}
