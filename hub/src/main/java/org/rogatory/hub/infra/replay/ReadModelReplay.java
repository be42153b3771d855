package org.rogatory.hub.infra.replay;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.rogatory.hub.audit.api.ReadModelsReplayedEvent;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.MongoTokenStore;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every registered read model from the event history into a shadow database ({@code
 * <database>-replay}) and compares it, document by document, with the live one.
 *
 * <p>Consistency: it takes the log's head {@code H}, waits until every live processor has handled
 * {@code H}, replays events {@code 0 … H}, then compares. Live processors keep running: if events
 * arrived meanwhile, the report says the comparison was not at a consistent position (the live side
 * may be ahead), and a mismatch is to be confirmed by a run in a quiet moment. One replay runs at a
 * time; the latest report is kept in {@code read_model_replays}, and each run is recorded in the
 * event log as a {@link ReadModelsReplayedEvent}.
 */
@Component
public class ReadModelReplay {
  private static final Duration CATCH_UP = Duration.ofSeconds(60);

  private final List<ReplayableReadModel> models;
  private final EventLog log;
  private final EventStorageEngine engine;
  private final TokenStore tokens;
  private final MongoDatabase live;
  private final MongoClient client;
  private final MongoCollection<Document> reports;
  private final Clock clock;
  private final EventGateway recorded;
  private final AtomicBoolean running = new AtomicBoolean();

  ReadModelReplay(
      EventGateway recorded,
      List<ReplayableReadModel> models,
      EventLog log,
      EventStorageEngine engine,
      TokenStore tokens,
      MongoDatabase live,
      MongoClient client,
      Clock clock) {
    this.models = List.copyOf(models);
    this.log = log;
    this.engine = engine;
    this.tokens = tokens;
    this.live = live;
    this.client = client;
    this.reports = live.getCollection("read_model_replays");
    this.clock = clock;
    this.recorded = recorded;
  }

  /** Thrown when a replay is already running. */
  public static final class AlreadyRunningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyRunningException() {
      super("a replay is already running; wait for its report", null, false, false);
    }
  }

  /** Replays and compares; {@code by} names who asked (an administrator, a staff member). */
  public ReplayReport run(String by) throws InterruptedException {
    if (!running.compareAndSet(false, true)) {
      throw new AlreadyRunningException();
    }
    try {
      long started = System.nanoTime();
      Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      long head = log.head();
      awaitLiveProcessors(head);
      MongoDatabase shadow = client.getDatabase(live.getName() + "-replay");
      List<AnnotationEventHandlerAdapter> handlers = new ArrayList<>();
      // Only existing collections are dropped: the embedded server logs a failed drop loudly.
      java.util.Set<String> existing = shadow.listCollectionNames().into(new java.util.HashSet<>());
      for (ReplayableReadModel m : models) {
        for (String c : m.collections()) {
          if (existing.contains(c)) {
            shadow.getCollection(c).drop();
          }
        }
        handlers.add(new AnnotationEventHandlerAdapter(m.projectionInto(shadow)));
      }
      long events = replay(head, handlers);
      List<ReplayReport.CollectionComparison> compared = new ArrayList<>();
      for (ReplayableReadModel m : models) {
        for (String c : m.collections()) {
          compared.add(compare(c, live.getCollection(c), shadow.getCollection(c)));
        }
      }
      boolean consistent = log.head() == head;
      ReplayReport report =
          new ReplayReport(
              at,
              by,
              head,
              events,
              Duration.ofNanos(System.nanoTime() - started).toMillis(),
              consistent,
              List.copyOf(compared));
      save(report);
      // The run itself is a fact for auditors: when the derived state was checked, by whom, and
      // what the check found.
      recorded.publish(
          new ReadModelsReplayedEvent(
              by,
              head,
              events,
              consistent,
              report.matches(),
              compared.stream()
                  .filter(c -> !c.matches())
                  .map(ReplayReport.CollectionComparison::name)
                  .toList(),
              at));
      return report;
    } finally {
      running.set(false);
    }
  }

  /** The latest report, if a replay ran. */
  public Optional<ReplayReport> latest() {
    Document d = reports.find(Filters.eq("_id", "latest")).first();
    if (d == null) {
      return Optional.empty();
    }
    List<ReplayReport.CollectionComparison> cs = new ArrayList<>();
    for (Document c : d.getList("collections", Document.class)) {
      cs.add(
          new ReplayReport.CollectionComparison(
              c.getString("name"),
              c.get("matching", Number.class).longValue(),
              c.get("differing", Number.class).longValue(),
              c.get("onlyLive", Number.class).longValue(),
              c.get("onlyReplayed", Number.class).longValue(),
              c.getString("firstDifference")));
    }
    return Optional.of(
        new ReplayReport(
            d.getDate("at").toInstant(),
            d.getString("by"),
            d.get("position", Number.class).longValue(),
            d.get("events", Number.class).longValue(),
            d.get("millis", Number.class).longValue(),
            d.getBoolean("consistent"),
            cs));
  }

  private void awaitLiveProcessors(long head) throws InterruptedException {
    if (!(tokens instanceof MongoTokenStore store) || head < 0) {
      return;
    }
    long until = System.nanoTime() + CATCH_UP.toNanos();
    for (ReplayableReadModel m : models) {
      while (store.lowestPosition(m.processingGroup()) < head) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "processor " + m.processingGroup() + " did not reach event " + head + " in time");
        }
        Thread.sleep(20);
      }
    }
  }

  private long replay(long head, List<AnnotationEventHandlerAdapter> handlers) {
    if (head < 0) {
      return 0;
    }
    long count = 0;
    try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
      Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
      while (it.hasNext()) {
        TrackedEventMessage<?> m = it.next();
        long position = m.trackingToken().position().orElse(Long.MAX_VALUE);
        if (position > head) {
          break;
        }
        for (AnnotationEventHandlerAdapter h : handlers) {
          if (h.canHandle(m)) {
            try {
              h.handle(m);
            } catch (Exception e) {
              throw new IllegalStateException("replaying event " + position + " failed", e);
            }
          }
        }
        count++;
      }
    }
    return count;
  }

  /** A merge of the two collections in {@code _id} order. */
  private static ReplayReport.CollectionComparison compare(
      String name, MongoCollection<Document> liveSide, MongoCollection<Document> replayed) {
    long matching = 0;
    long differing = 0;
    long onlyLive = 0;
    long onlyReplayed = 0;
    String first = null;
    try (MongoCursor<Document> a = liveSide.find().sort(Sorts.ascending("_id")).iterator();
        MongoCursor<Document> b = replayed.find().sort(Sorts.ascending("_id")).iterator()) {
      Document x = a.hasNext() ? a.next() : null;
      Document y = b.hasNext() ? b.next() : null;
      while (x != null || y != null) {
        int order = x == null ? 1 : y == null ? -1 : compareIds(x.get("_id"), y.get("_id"));
        if (order == 0) {
          if (Objects.equals(x, y)) {
            matching++;
          } else {
            differing++;
            first = first == null ? String.valueOf(x.get("_id")) : first;
          }
          x = a.hasNext() ? a.next() : null;
          y = b.hasNext() ? b.next() : null;
        } else if (order < 0) {
          onlyLive++;
          first = first == null ? String.valueOf(x.get("_id")) : first;
          x = a.hasNext() ? a.next() : null;
        } else {
          onlyReplayed++;
          first = first == null ? String.valueOf(y.get("_id")) : first;
          y = b.hasNext() ? b.next() : null;
        }
      }
    }
    return new ReplayReport.CollectionComparison(
        name, matching, differing, onlyLive, onlyReplayed, first);
  }

  /** The order MongoDB sorts ids of one type in; ids of a read model share one type. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareIds(Object a, Object b) {
    if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
      return ca.compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private void save(ReplayReport r) {
    List<Document> cs = new ArrayList<>();
    for (ReplayReport.CollectionComparison c : r.collections()) {
      cs.add(
          new Document("name", c.name())
              .append("matching", c.matching())
              .append("differing", c.differing())
              .append("onlyLive", c.onlyLive())
              .append("onlyReplayed", c.onlyReplayed())
              .append("firstDifference", c.firstDifference()));
    }
    reports.replaceOne(
        Filters.eq("_id", "latest"),
        new Document("_id", "latest")
            .append("at", Date.from(r.at()))
            .append("by", r.by())
            .append("position", r.position())
            .append("events", r.events())
            .append("millis", r.millis())
            .append("consistent", r.consistent())
            .append("collections", cs),
        new ReplaceOptions().upsert(true));
  }
}
