package org.rogatory.hub.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.rogatory.hub.infra.blob.BlobStore;
import org.rogatory.hub.infra.eventstore.ChainVerification;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.EmbeddedMongo;

/**
 * Reads a stopped hub's store directly, as an auditor would: the event log and its chain, the
 * messages it records, their envelopes, and the projections with their tracking tokens.
 */
public final class StoreAudit implements AutoCloseable {
  /** The read models the hub keeps, each rebuilt from the event log on a replay. */
  public static final List<String> PROJECTION_COLLECTIONS =
      List.of(
          "request_views",
          "request_messages",
          "request_attachment_readers",
          "inbox_entries",
          "inbox_heads",
          "party_requests",
          "party_request_heads",
          "party_directory",
          "party_certificates",
          "pending_deadlines");

  /**
   * How many times each message id appears in the request views, after checking that every view's
   * messages are numbered 0..n-1 with n its message count, and that no message lies outside one.
   */
  public static Map<String, Integer> messagesInViews(
      Map<String, Map<Object, Document>> projections) {
    Map<Object, Document> messages = projections.get("request_messages");
    Map<String, Integer> counts = new java.util.HashMap<>();
    int listed = 0;
    for (Document view : projections.get("request_views").values()) {
      int n = view.get("messageCount", Number.class).intValue();
      for (int i = 0; i < n; i++) {
        Document m = messages.get(view.getString("_id") + "#" + i);
        org.assertj.core.api.Assertions.assertThat(m)
            .as("message %d of request %s", i, view.getString("_id"))
            .isNotNull();
        counts.merge(m.getString("messageId"), 1, Integer::sum);
        listed++;
      }
    }
    org.assertj.core.api.Assertions.assertThat(messages)
        .as("message documents outside any request view")
        .hasSize(listed);
    return counts;
  }

  static final String MESSAGE_SUBMITTED =
      "org.rogatory.hub.request.api.RequestEvents$MessageSubmittedEvent";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmbeddedMongo mongo;
  private final MongoClient client;
  private final MongoDatabase database;

  private StoreAudit(EmbeddedMongo mongo, String connectionString) {
    this.mongo = mongo;
    this.client = MongoClients.create(connectionString);
    this.database = client.getDatabase("rogatory");
  }

  /** Opens the store of the hub data directory {@code dataDir}; the hub must not be running. */
  static StoreAudit open(Path dataDir) throws IOException {
    EmbeddedMongo mongo = EmbeddedMongo.start(dataDir.resolve("store"), "127.0.0.1", 0);
    return new StoreAudit(mongo, mongo.connectionString());
  }

  /** Reads the store of a running MongoDB server (e.g. the embedded store in standalone mode). */
  public static StoreAudit connect(String connectionString) {
    return new StoreAudit(null, connectionString);
  }

  /** The hub's database, for checks this class does not offer. */
  public MongoDatabase database() {
    return database;
  }

  public ChainVerification.Result verifyChain() {
    try (EventLog log = new EventLog(database)) {
      return ChainVerification.verify(log);
    }
  }

  /** A message as the log records it. */
  public record SubmittedMessage(
      long globalSequence,
      String requestId,
      String messageId,
      String sender,
      List<String> recipients,
      String envelopeDigest,
      String blobId) {}

  /** Every MessageSubmittedEvent in the log, in log order (duplicates included). */
  public List<SubmittedMessage> submittedMessages() throws IOException {
    List<SubmittedMessage> out = new ArrayList<>();
    try (EventLog log = new EventLog(database)) {
      long next = 0;
      while (true) {
        List<StoredEvent> batch = log.readFrom(next, 512);
        if (batch.isEmpty()) {
          return out;
        }
        for (StoredEvent e : batch) {
          if (MESSAGE_SUBMITTED.equals(e.payloadType())) {
            JsonNode p = JSON.readTree(e.payload());
            List<String> recipients = new ArrayList<>();
            p.path("recipientParties").forEach(r -> recipients.add(r.asText()));
            out.add(
                new SubmittedMessage(
                    e.globalSequence(),
                    p.path("requestId").asText(),
                    p.path("messageId").asText(),
                    p.path("sender").asText(),
                    recipients,
                    p.path("envelopeDigest").asText(),
                    p.path("envelopeBlobId").asText()));
          }
          next = e.globalSequence() + 1;
        }
      }
    }
  }

  /** SHA-256 (hex) of a stored blob's content, read back chunk by chunk. */
  public String blobSha256(String blobId) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(new BlobStore(database).open(blobId), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Every projection collection's documents, by collection and then by id. */
  public Map<String, Map<Object, Document>> projections() {
    Map<String, Map<Object, Document>> out = new LinkedHashMap<>();
    for (String name : PROJECTION_COLLECTIONS) {
      Map<Object, Document> docs = new LinkedHashMap<>();
      for (Document d : database.getCollection(name).find().sort(Sorts.ascending("_id"))) {
        docs.put(d.get("_id"), d);
      }
      out.put(name, docs);
    }
    return out;
  }

  /** The position each event processor's token points at (the last event it handled). */
  public Map<String, Long> tokenPositions() throws IOException {
    Map<String, Long> out = new HashMap<>();
    for (Document d : database.getCollection("tracking_tokens").find()) {
      if (!d.containsKey("processor")) {
        continue; // the storage identifier
      }
      org.bson.types.Binary token = d.get("token", org.bson.types.Binary.class);
      JsonNode json = token == null ? null : JSON.readTree(token.getData());
      if (json != null && json.has("currentToken")) {
        // A replay token (a processor started on an existing log): where it is now.
        json = json.get("currentToken");
      }
      long position = json == null ? -1 : json.path("globalIndex").asLong(-1);
      out.put(d.getString("processor") + "/" + d.getInteger("segment"), position);
    }
    return out;
  }

  /** Drops every projection and every tracking token, so that a hub started here rebuilds all. */
  void dropProjections() {
    for (String name : PROJECTION_COLLECTIONS) {
      database.getCollection(name).drop();
    }
    database.getCollection("tracking_tokens").drop();
  }

  @Override
  public void close() {
    client.close();
    if (mongo != null) {
      mongo.close();
    }
  }
}
