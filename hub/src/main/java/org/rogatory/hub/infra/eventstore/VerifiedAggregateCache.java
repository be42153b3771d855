package org.rogatory.hub.infra.eventstore;

import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.rogatory.hub.infra.cache.LruMap;

/**
 * Axon's aggregate cache for Rogatory: the aggregates this process last saved, kept in memory so
 * that a command does not reload its aggregate from a snapshot and the events after it — and
 * checked against the store before each use, so that several hub processes writing to one store
 * never act on a stale copy.
 *
 * <p>The check: an entry is used only if this process appended the aggregate's last events it knows
 * of (sequence {@code s}, remembered by the {@link EventLog}), and the store holds no commit of
 * that aggregate starting at {@code s + 1}. A commit by any other writer would have to start there
 * (aggregate sequences are gapless and unique, decision 0004), so the check is one exact lookup on
 * the commits' unique aggregate key. An entry that fails it is dropped and the aggregate is loaded
 * from the store as without a cache. Axon drops an entry itself when the unit of work that used it
 * rolls back, for example on a conflicting append.
 *
 * <p>The cache holds at most {@code capacity} aggregates, least recently used out first.
 */
public final class VerifiedAggregateCache implements Cache {
  private final EventLog log;
  private final LruMap<Object, Object> entries;

  public VerifiedAggregateCache(EventLog log, int capacity) {
    this.log = log;
    this.entries = new LruMap<>(capacity);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> V get(K key) {
    Object value = entries.get(key);
    if (value == null) {
      return null;
    }
    if (!current(key)) {
      remove(key);
      return null;
    }
    return (V) value;
  }

  private boolean current(Object key) {
    if (!(key instanceof String aggregateId)) {
      return false;
    }
    OptionalLong last = log.lastAppendedHere(aggregateId);
    return last.isPresent() && !log.aggregateHasEventAt(aggregateId, last.getAsLong() + 1);
  }

  @Override
  public void put(Object key, Object value) {
    entries.put(key, value);
  }

  @Override
  public boolean putIfAbsent(Object key, Object value) {
    return entries.putIfAbsent(key, value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    entries.computeIfPresent(key, v -> update.apply((V) v));
  }

  @Override
  public boolean remove(Object key) {
    return entries.remove(key);
  }

  @Override
  public void removeAll() {
    entries.clear();
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  /** Entry listeners are not supported: nothing in the hub registers one. */
  @Override
  public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
    throw new UnsupportedOperationException("the aggregate cache takes no listeners");
  }

  /** Number of aggregates held. */
  public int size() {
    return entries.size();
  }
}
