package org.rogatory.hub.infra.mongo;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * The bytes an MVStore has written to its file. H2 counts them in its file store but publishes only
 * the number of writes, so the counter is read by reflection; if a later H2 renames it, the figure
 * is -1 and the metric is left out, nothing else changes.
 */
final class WrittenBytes {
  private static final Field FIELD = find();

  private WrittenBytes() {}

  static long of(MVStore store) {
    if (FIELD == null) {
      return -1;
    }
    try {
      return ((AtomicLong) FIELD.get(store.getFileStore())).get();
    } catch (IllegalAccessException | RuntimeException e) {
      return -1;
    }
  }

  private static Field find() {
    try {
      Field f = FileStore.class.getDeclaredField("writeBytes");
      if (f.getType() != AtomicLong.class) {
        return null;
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException | RuntimeException e) {
      return null;
    }
  }
}
