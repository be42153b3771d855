package org.rogatory.hub.infra.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map of at most {@code capacity} entries that drops the least recently used first; safe for
 * concurrent use (every operation holds the map's lock). The hub's in-memory caches are built on it
 * (decision 0011).
 */
public final class LruMap<K, V> {
  private final Map<K, V> entries;

  public LruMap(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return super.size() > capacity;
          }
        };
  }

  /** The value, or null; a hit counts as a use. */
  public synchronized V get(Object key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  /** True if {@code key} had no value and now has {@code value}. */
  public synchronized boolean putIfAbsent(K key, V value) {
    return entries.putIfAbsent(key, value) == null;
  }

  public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
    return entries.computeIfAbsent(key, compute);
  }

  /** Replaces the value of a present {@code key} by {@code update} of it. */
  public synchronized void computeIfPresent(K key, Function<? super V, ? extends V> update) {
    entries.computeIfPresent(key, (k, v) -> update.apply(v));
  }

  /** True if there was a value. */
  public synchronized boolean remove(Object key) {
    return entries.remove(key) != null;
  }

  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  public synchronized void clear() {
    entries.clear();
  }

  public synchronized int size() {
    return entries.size();
  }
}
