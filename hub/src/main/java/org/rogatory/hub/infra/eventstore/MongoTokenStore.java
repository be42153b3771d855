package org.rogatory.hub.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.rogatory.hub.infra.mongo.Durability;

/**
 * Tracking tokens and segment claims in MongoDB, shared by every hub process on one store: a
 * processor segment is worked by the one node that holds its claim; a claim not refreshed within
 * the timeout (a node died) can be taken over. Claims are conditional single-document updates,
 * atomic on any MongoDB.
 */
public final class MongoTokenStore implements TokenStore {
  private final MongoCollection<Document> tokens;
  private final Serializer serializer;
  private final String owner;
  private final Duration claimTimeout;
  private final Clock clock;

  public MongoTokenStore(
      MongoDatabase database,
      Serializer serializer,
      String owner,
      Duration claimTimeout,
      Clock clock) {
    this.tokens = Durability.derived(database.getCollection("tracking_tokens"));
    this.serializer = serializer;
    this.owner = owner;
    this.claimTimeout = claimTimeout;
    this.clock = clock;
  }

  private static String id(String processor, int segment) {
    return processor + "/" + segment;
  }

  private Bson claimable(String processor, int segment) {
    long expired = clock.millis() - claimTimeout.toMillis();
    return new Document("_id", id(processor, segment))
        .append(
            "$or",
            List.of(
                new Document("owner", null),
                new Document("owner", owner),
                new Document("claimed", new Document("$lt", expired))));
  }

  private Document claim(String processor, int segment, Bson extraUpdate) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("owner", owner));
    updates.add(Updates.set("claimed", clock.millis()));
    if (extraUpdate != null) {
      updates.add(extraUpdate);
    }
    return tokens.findOneAndUpdate(
        claimable(processor, segment),
        Updates.combine(updates),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
  }

  private TrackingToken tokenOf(Document d) {
    Binary data = d.get("token", Binary.class);
    if (data == null) {
      return null;
    }
    SerializedObject<byte[]> so =
        new SimpleSerializedObject<>(data.getData(), byte[].class, d.getString("tokenType"), null);
    return serializer.deserialize(so);
  }

  private Bson tokenUpdate(TrackingToken token) {
    if (token == null) {
      return Updates.combine(Updates.set("token", null), Updates.set("tokenType", null));
    }
    SerializedObject<byte[]> so = serializer.serialize(token, byte[].class);
    return Updates.combine(
        Updates.set("token", new Binary(so.getData())),
        Updates.set("tokenType", so.getType().getName()));
  }

  @Override
  public void initializeTokenSegments(String processorName, int segmentCount) {
    initializeTokenSegments(processorName, segmentCount, null);
  }

  @Override
  public void initializeTokenSegments(
      String processorName, int segmentCount, TrackingToken initialToken) {
    for (int s = 0; s < segmentCount; s++) {
      initializeSegment(initialToken, processorName, s);
    }
  }

  @Override
  public void initializeSegment(TrackingToken token, String processorName, int segment) {
    Document doc =
        new Document("_id", id(processorName, segment))
            .append("processor", processorName)
            .append("segment", segment)
            .append("owner", null)
            .append("claimed", 0L);
    if (token != null) {
      SerializedObject<byte[]> so = serializer.serialize(token, byte[].class);
      doc.append("token", new Binary(so.getData())).append("tokenType", so.getType().getName());
    }
    try {
      tokens.insertOne(doc);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new UnableToInitializeTokenException(
            "token for " + id(processorName, segment) + " already exists");
      }
      throw e;
    }
  }

  @Override
  public boolean requiresExplicitSegmentInitialization() {
    return true;
  }

  @Override
  public void storeToken(TrackingToken token, String processorName, int segment) {
    // The batch's projection writes go to the store before the token that covers them.
    BatchWrites.flushCurrent();
    if (claim(processorName, segment, tokenUpdate(token)) == null) {
      throw new UnableToClaimTokenException(
          "cannot store the token of " + id(processorName, segment) + ": claimed by another node");
    }
  }

  @Override
  public TrackingToken fetchToken(String processorName, int segment) {
    Document d = claim(processorName, segment, null);
    if (d == null) {
      throw new UnableToClaimTokenException(
          "segment " + id(processorName, segment) + " is missing or claimed by another node");
    }
    return tokenOf(d);
  }

  @Override
  public TrackingToken fetchToken(String processorName, Segment segment) {
    return fetchToken(processorName, segment.getSegmentId());
  }

  @Override
  public void releaseClaim(String processorName, int segment) {
    tokens.updateOne(
        new Document("_id", id(processorName, segment)).append("owner", owner),
        Updates.set("owner", null));
  }

  @Override
  public void deleteToken(String processorName, int segment) {
    long deleted =
        tokens
            .deleteOne(new Document("_id", id(processorName, segment)).append("owner", owner))
            .getDeletedCount();
    if (deleted == 0) {
      throw new UnableToClaimTokenException(
          "cannot delete " + id(processorName, segment) + ": not claimed by this node");
    }
  }

  /**
   * Forgets every segment's token of a processor, claimed or not: when it next starts, the
   * processor handles the log from its first event. For a read-model upgrade at start-up, before
   * any processor runs (a node running the processor meanwhile would write its token back).
   */
  public void forget(String processorName) {
    tokens.deleteMany(new Document("processor", processorName));
  }

  /**
   * The global sequence every segment of a processor has handled, read without claiming anything;
   * -1 when the processor has no token yet. Used to wait for a read model to catch up.
   */
  public long lowestPosition(String processorName) {
    long lowest = Long.MAX_VALUE;
    boolean any = false;
    for (Document d : tokens.find(new Document("processor", processorName))) {
      any = true;
      TrackingToken token = tokenOf(d);
      long position = token == null ? -1 : token.position().orElse(-1);
      lowest = Math.min(lowest, position);
    }
    return any ? lowest : -1;
  }

  @Override
  public int[] fetchSegments(String processorName) {
    List<Integer> segments = new ArrayList<>();
    for (Document d : tokens.find(new Document("processor", processorName))) {
      segments.add(d.getInteger("segment"));
    }
    return segments.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  @Override
  public List<Segment> fetchAvailableSegments(String processorName) {
    int[] all = fetchSegments(processorName);
    long expired = clock.millis() - claimTimeout.toMillis();
    List<Segment> out = new ArrayList<>();
    for (Document d : tokens.find(new Document("processor", processorName))) {
      String o = d.getString("owner");
      Number claimed = d.get("claimed", Number.class);
      if (o == null || o.equals(owner) || (claimed != null && claimed.longValue() < expired)) {
        out.add(Segment.computeSegment(d.getInteger("segment"), all));
      }
    }
    return out;
  }

  @Override
  public Optional<String> retrieveStorageIdentifier() {
    Document d = tokens.find(new Document("_id", "__storage_identifier")).first();
    if (d == null) {
      String idValue = java.util.UUID.randomUUID().toString();
      try {
        tokens.insertOne(new Document("_id", "__storage_identifier").append("value", idValue));
        return Optional.of(idValue);
      } catch (MongoWriteException e) {
        d = tokens.find(new Document("_id", "__storage_identifier")).first();
      }
    }
    return Optional.ofNullable(d).map(x -> x.getString("value"));
  }
}
