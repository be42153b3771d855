package org.rogatory.hub.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.rogatory.hub.infra.cache.LruMap;

/**
 * Rogatory's event log on MongoDB: a gapless global sequence, per-aggregate sequences that are
 * unique across writers, a hash chain over the global order, and reads that cost time in proportion
 * to what they return (every lookup is an exact match, or an {@code $in} of exact matches, on a
 * unique key, which the embedded server and real MongoDB both serve from an index).
 *
 * <p>Each unit of work is one commit document whose {@code _id} is the global sequence of its first
 * event. A writer appends at {@code head + 1} with the head's hash as predecessor; the unique
 * {@code _id} makes concurrent writers (threads or hub processes) serialise without transactions,
 * and because every commit is written only after its predecessor was read, commits become visible
 * in order. The design is recorded in docs/decisions/0004.
 *
 * <p>Appends from many threads are queued and written by one writer thread in ordered batches, so
 * that one round trip and one durable commit of the store serve many units of work.
 */
public final class EventLog implements AutoCloseable {
  public static final int MAX_EVENTS_PER_COMMIT = 256;
  private static final int MAX_BATCH = 256;
  private static final int BOUNDARY_MEMORY = 8192;
  private static final int PROBE_SLACK = 4;
  private static final long HINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int AGGREGATE_FIRST_WINDOW = 8;
  private static final int APPENDED_MEMORY = 65_536;

  private final MongoCollection<Document> commits;
  private final MongoCollection<Document> meta;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final NavigableSet<Long> knownCommitEnds = new ConcurrentSkipListSet<>();
  private final AtomicLong knownHead = new AtomicLong(-1);
  // Aggregate id -> last aggregate sequence this process appended (VerifiedAggregateCache).
  private final LruMap<String, Long> appendedHere = new LruMap<>(APPENDED_MEMORY);
  private volatile boolean closed;

  // Only the writer thread touches these.
  private long headSequence = -2;
  private byte[] headHash;
  private long hintedSequence = -1;
  private long hintedAtNanos = System.nanoTime();

  private record Pending(List<StoredEvent> events, CompletableFuture<List<StoredEvent>> done) {}

  public EventLog(MongoDatabase database) {
    this.commits = database.getCollection("events");
    this.meta = database.getCollection("event_log_meta");
    commits.createIndex(
        Indexes.ascending(CommitDocuments.AGG_KEY), new IndexOptions().unique(true));
    this.writer = new Thread(this::writeLoop, "rogatory-event-log-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Appends the events of one unit of work atomically and durably.
   *
   * @return the events with their global sequence numbers and chain hashes
   * @throws AggregateConflictException if another writer appended to the same aggregate first
   * @throws EventLogException if the store failed
   */
  public List<StoredEvent> append(List<StoredEvent> events) {
    validate(events);
    if (closed) {
      throw new EventLogException("the event log is closed", null);
    }
    CompletableFuture<List<StoredEvent>> done = new CompletableFuture<>();
    queue.add(new Pending(List.copyOf(events), done));
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventLogException("interrupted while appending", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new EventLogException("append failed", e.getCause());
    }
  }

  private static void validate(List<StoredEvent> events) {
    if (events.isEmpty() || events.size() > MAX_EVENTS_PER_COMMIT) {
      throw new IllegalArgumentException(
          "a commit holds 1 to " + MAX_EVENTS_PER_COMMIT + " events, not " + events.size());
    }
    String aggregate = null;
    long expected = -1;
    for (StoredEvent e : events) {
      if (!e.isDomainEvent()) {
        continue;
      }
      if (aggregate == null) {
        aggregate = e.aggregateId();
        expected = e.aggregateSequence();
      } else if (!aggregate.equals(e.aggregateId())) {
        throw new IllegalArgumentException("a unit of work may append to one aggregate only");
      }
      if (e.aggregateSequence() != expected || expected < 0) {
        throw new IllegalArgumentException(
            "aggregate sequence numbers in a commit must be consecutive and non-negative");
      }
      expected++;
    }
  }

  // ---------------------------------------------------------------- writing

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          recordHeadHintIfDue(true);
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        for (Pending p : batch) {
          p.done.completeExceptionally(new EventLogException("append failed", e));
        }
        headSequence = -2;
      } finally {
        batch.clear();
      }
    }
    recordHeadHintIfDue(true);
  }

  private void writeBatch(List<Pending> batch) {
    List<Pending> remaining = new ArrayList<>(batch);
    int headRefreshes = 0;
    while (!remaining.isEmpty()) {
      if (headSequence < -1) {
        discoverHead();
      }
      List<Document> docs = new ArrayList<>(remaining.size());
      List<List<StoredEvent>> chained = new ArrayList<>(remaining.size());
      long seq = headSequence;
      byte[] hash = headHash;
      for (Pending p : remaining) {
        byte[] previous = hash;
        List<StoredEvent> out = new ArrayList<>(p.events.size());
        for (StoredEvent e : p.events) {
          seq++;
          hash = EventChain.hash(seq, hash, e);
          out.add(e.sequenced(seq, hash));
        }
        chained.add(out);
        docs.add(CommitDocuments.toDocument(out, previous));
      }
      int inserted;
      MongoBulkWriteException failure = null;
      try {
        commits.insertMany(docs, new InsertManyOptions().ordered(true));
        inserted = docs.size();
      } catch (MongoBulkWriteException e) {
        failure = e;
        inserted = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
      } catch (MongoException e) {
        // Unknown outcome: fail the batch; the head is re-read before the next write.
        headSequence = -2;
        throw e;
      }
      for (int i = 0; i < inserted; i++) {
        List<StoredEvent> written = chained.get(i);
        StoredEvent last = written.get(written.size() - 1);
        headSequence = last.globalSequence();
        headHash = last.hash();
        rememberCommitEnd(last.globalSequence());
        rememberAppended(written);
        remaining.get(i).done.complete(written);
      }
      if (inserted > 0) {
        recordHeadHintIfDue(false);
      }
      if (failure == null) {
        return;
      }
      remaining = new ArrayList<>(remaining.subList(inserted, remaining.size()));
      Pending failed = remaining.get(0);
      boolean duplicate =
          failure.getWriteErrors().get(0).getCategory() == ErrorCategory.DUPLICATE_KEY;
      if (!duplicate) {
        throw failure;
      }
      Document rejected = docs.get(inserted);
      String aggKey = rejected.getString(CommitDocuments.AGG_KEY);
      // Only a commit to an aggregate can conflict; a commit without one ("~" key) lost the race
      // for its global position only.
      if (rejected.containsKey(CommitDocuments.AGG_ID)
          && commits.find(Filters.eq(CommitDocuments.AGG_KEY, aggKey)).first() != null) {
        StoredEvent e = failed.events.stream().filter(StoredEvent::isDomainEvent).findFirst().get();
        failed.done.completeExceptionally(
            new AggregateConflictException(e.aggregateId(), e.aggregateSequence()));
        remaining.remove(0);
      } else {
        // Another process appended at our head position: catch up and chain again.
        if (++headRefreshes > 10_000) {
          throw new EventLogException("could not catch up with the log's head", failure);
        }
        advanceHead();
      }
    }
  }

  private void rememberAppended(List<StoredEvent> written) {
    for (int i = written.size() - 1; i >= 0; i--) {
      StoredEvent e = written.get(i);
      if (e.isDomainEvent()) {
        appendedHere.put(e.aggregateId(), e.aggregateSequence());
        return;
      }
    }
  }

  /**
   * The sequence of the last event this process appended to an aggregate, if it remembers one (it
   * remembers the most recently used 65,536 aggregates).
   */
  public OptionalLong lastAppendedHere(String aggregateId) {
    Long last = appendedHere.get(aggregateId);
    return last == null ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /**
   * Whether the store holds a commit of {@code aggregateId} whose first event has aggregate
   * sequence {@code sequence}: one exact lookup on the commits' unique aggregate key.
   */
  public boolean aggregateHasEventAt(String aggregateId, long sequence) {
    return commits
            .find(
                Filters.eq(
                    CommitDocuments.AGG_KEY, CommitDocuments.aggregateKey(aggregateId, sequence)))
            .projection(new Document(CommitDocuments.ID, 1))
            .first()
        != null;
  }

  private void discoverHead() {
    Document hint = meta.find(Filters.eq("_id", "head")).first();
    long from = hint == null ? -1 : hint.get("sequence", Number.class).longValue();
    headSequence = from;
    headHash = null;
    if (from >= 0) {
      Document commit = findCommitCovering(from);
      if (commit == null) {
        throw new EventLogException("the head hint points past the stored events", null);
      }
      List<StoredEvent> events = CommitDocuments.events(commit);
      StoredEvent last = events.get(events.size() - 1);
      headSequence = last.globalSequence();
      headHash = last.hash();
    } else {
      headHash = EventChain.genesis();
    }
    advanceHead();
  }

  /** Walks forward from the known head over commits written by others. */
  private void advanceHead() {
    while (true) {
      Map<Long, Document> found = findStartingIn(headSequence + 1, MAX_BATCH);
      Document next = found.get(headSequence + 1);
      if (next == null) {
        knownHead.accumulateAndGet(headSequence, Math::max);
        return;
      }
      while (next != null) {
        List<StoredEvent> events = CommitDocuments.events(next);
        StoredEvent last = events.get(events.size() - 1);
        headSequence = last.globalSequence();
        headHash = last.hash();
        rememberCommitEnd(headSequence);
        next = found.get(headSequence + 1);
      }
    }
  }

  /**
   * Stores the head hint, at most every {@link #HINT_INTERVAL_NANOS} under load and at once when
   * the writer is idle. The hint only saves a restarted hub from walking the whole log; a stale
   * hint costs a short walk, so it is not written (and waited for) on every append.
   */
  private void recordHeadHintIfDue(boolean idle) {
    if (headSequence <= hintedSequence) {
      return;
    }
    long now = System.nanoTime();
    if (!idle && now - hintedAtNanos < HINT_INTERVAL_NANOS) {
      return;
    }
    try {
      meta.updateOne(
          Filters.eq("_id", "head"),
          Updates.max("sequence", headSequence),
          new UpdateOptions().upsert(true));
      hintedSequence = headSequence;
      hintedAtNanos = now;
    } catch (MongoException e) {
      // Only a hint: the next append or idle moment tries again.
      hintedAtNanos = now;
    }
  }

  private void rememberCommitEnd(long last) {
    knownCommitEnds.add(last);
    knownHead.accumulateAndGet(last, Math::max);
    while (knownCommitEnds.size() > BOUNDARY_MEMORY) {
      knownCommitEnds.pollFirst();
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Up to about {@code max} events from global sequence {@code next} on, in order (whole commits,
   * so possibly a few more); empty if there are none yet.
   */
  public List<StoredEvent> readFrom(long next, int max) {
    int want = Math.max(1, max);
    List<StoredEvent> out = new ArrayList<>();
    long pos = next;
    int window = firstWindow(next, want);
    boolean first = true;
    while (out.size() < want) {
      Map<Long, Document> found = findStartingIn(pos, window);
      Document commit = found.get(pos);
      if (commit == null && first && next > 0 && !knownCommitEnds.contains(next - 1)) {
        // A token may point inside a commit (a processor stopped half-way through it).
        commit = findCommitCovering(next);
      }
      first = false;
      if (commit == null) {
        break;
      }
      long windowEnd = pos + window;
      while (commit != null && out.size() < want) {
        for (StoredEvent e : CommitDocuments.events(commit)) {
          if (e.globalSequence() >= pos) {
            out.add(e);
          }
        }
        pos = CommitDocuments.last(commit) + 1;
        rememberCommitEnd(pos - 1);
        commit = found.get(pos);
      }
      if (pos < windowEnd) {
        break; // the log ends inside this window
      }
      window = Math.min(window * 2, Math.max(1, want - out.size()));
    }
    return out;
  }

  /**
   * How many positions the first probe of a read from {@code next} asks for. A probe is an {@code
   * $in} of exact keys, and each key costs an index lookup whether or not it exists, so a reader
   * that is caught up (the common case: every tracking processor polling at the head) asks for a
   * few positions only, and a reader that is behind asks for what it knows exists. Later probes
   * double while they keep finding events.
   */
  private int firstWindow(long next, int want) {
    long known = knownHead.get() - next + 1;
    long window = Math.max(0, known) + PROBE_SLACK;
    return (int) Math.min(want, window);
  }

  /** Events of one aggregate from {@code fromSequence} on, up to about {@code max}. */
  public List<StoredEvent> readAggregate(String aggregateId, long fromSequence, int max) {
    int n = Math.max(1, max);
    List<StoredEvent> out = new ArrayList<>();
    long pos = fromSequence;
    // Aggregates are short-lived between snapshots: start with a small window and double it.
    int window = Math.min(n, AGGREGATE_FIRST_WINDOW);
    while (out.size() < n) {
      long windowStart = pos;
      Map<Long, Document> byFirst = findAggregateStartingIn(aggregateId, windowStart, window);
      Document commit = byFirst.get(pos);
      if (commit == null && pos == fromSequence && pos > 0) {
        // Reading from inside a commit (rare: a snapshot taken mid-commit).
        commit = findAggregateCommitCovering(aggregateId, pos);
      }
      if (commit == null) {
        break;
      }
      while (commit != null) {
        for (StoredEvent e : CommitDocuments.events(commit)) {
          if (aggregateId.equals(e.aggregateId()) && e.aggregateSequence() >= pos) {
            out.add(e);
          }
        }
        pos = commit.get(CommitDocuments.AGG_LAST, Number.class).longValue() + 1;
        commit = byFirst.get(pos);
      }
      if (pos < windowStart + window) {
        break; // the aggregate's history ended inside this window
      }
      window = Math.min(window * 2, Math.max(1, n - out.size()));
    }
    return out;
  }

  private Map<Long, Document> findAggregateStartingIn(String aggregateId, long from, int count) {
    List<String> keys = new ArrayList<>(count);
    for (long s = from; s < from + count; s++) {
      keys.add(CommitDocuments.aggregateKey(aggregateId, s));
    }
    Map<Long, Document> byFirst = new HashMap<>();
    for (Document d : commits.find(Filters.in(CommitDocuments.AGG_KEY, keys))) {
      byFirst.put(d.get(CommitDocuments.AGG_FIRST, Number.class).longValue(), d);
    }
    return byFirst;
  }

  /** The last sequence number of an aggregate, or -1 if it has no events. */
  public long lastAggregateSequence(String aggregateId, long knownFrom) {
    long last = -1;
    long from = Math.max(0, knownFrom);
    while (true) {
      List<StoredEvent> batch = readAggregate(aggregateId, from, MAX_BATCH);
      if (batch.isEmpty()) {
        return last;
      }
      last = batch.get(batch.size() - 1).aggregateSequence();
      from = last + 1;
    }
  }

  /** The highest global sequence this process has seen (appended or read), or -1. */
  public long knownHead() {
    return knownHead.get();
  }

  /**
   * The current head of the stored log, found by walking forward from what is known: this process's
   * own knowledge, or else the stored head hint (which is only ever behind), so that a freshly
   * started hub does not read its whole history to find the end of it.
   */
  public long head() {
    long pos = Math.max(-1, knownHead.get());
    if (pos < 0) {
      Document hint = meta.find(Filters.eq("_id", "head")).first();
      if (hint != null) {
        pos = hint.get("sequence", Number.class).longValue();
      }
    }
    while (true) {
      List<StoredEvent> next = readFrom(pos + 1, MAX_BATCH);
      if (next.isEmpty()) {
        return pos;
      }
      pos = next.get(next.size() - 1).globalSequence();
    }
  }

  /**
   * Whether any commit starts after {@code sequence}. A full scan on the embedded server: for
   * verification only, never on a hot path.
   */
  public boolean hasEventsAfter(long sequence) {
    return commits.find(Filters.gt(CommitDocuments.ID, sequence)).first() != null;
  }

  private Map<Long, Document> findStartingIn(long from, int count) {
    List<Long> ids = new ArrayList<>(count);
    for (long s = from; s < from + count; s++) {
      ids.add(s);
    }
    Map<Long, Document> found = new HashMap<>();
    for (Document d : commits.find(Filters.in(CommitDocuments.ID, ids))) {
      found.put(CommitDocuments.first(d), d);
    }
    return found;
  }

  private Document findCommitCovering(long sequence) {
    long from = Math.max(0, sequence - MAX_EVENTS_PER_COMMIT + 1);
    Map<Long, Document> found = findStartingIn(from, (int) (sequence - from + 1));
    for (Document d : found.values()) {
      if (CommitDocuments.first(d) <= sequence && sequence <= CommitDocuments.last(d)) {
        return d;
      }
    }
    return null;
  }

  private Document findAggregateCommitCovering(String aggregateId, long sequence) {
    long from = Math.max(0, sequence - MAX_EVENTS_PER_COMMIT + 1);
    List<String> keys = new ArrayList<>();
    for (long s = from; s <= sequence; s++) {
      keys.add(CommitDocuments.aggregateKey(aggregateId, s));
    }
    for (Document d : commits.find(Filters.in(CommitDocuments.AGG_KEY, keys))) {
      long first = d.get(CommitDocuments.AGG_FIRST, Number.class).longValue();
      long last = d.get(CommitDocuments.AGG_LAST, Number.class).longValue();
      if (first <= sequence && sequence <= last) {
        return d;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
