package org.rogatory.hub.infra.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The layout version of the embedded store's file, kept in the file itself. A store holding data
 * but no version was written with H2's default Java-serialization types by builds before the BSON
 * types ({@link BsonDataTypes}); opening it with the new types would misread it, so it is refused
 * with a sentence that says what to do.
 */
final class StoreFormat {
  static final String CURRENT = "bson-1";
  private static final String MAP = "rogatory.store";
  private static final String KEY = "format";

  private StoreFormat() {}

  /** Checks (or, on an empty store, records) the layout version; returns the store. */
  static MVStore checked(MVStore store) {
    boolean hasData =
        store.getMapNames().stream()
            .anyMatch(n -> n.startsWith("databases.") || n.startsWith("meta."));
    MVMap<String, String> marker = store.openMap(MAP);
    String format = marker.get(KEY);
    if (format == null) {
      if (hasData) {
        throw new IllegalStateException(
            "the embedded store in "
                + store.getFileStore().getFileName()
                + " was written by an earlier Rogatory build in a layout this build cannot read;"
                + " start with an empty data directory (ROGATORY_DATA_DIR), or export the old"
                + " store with the earlier build and import it");
      }
      marker.put(KEY, CURRENT);
      store.commit();
    } else if (!CURRENT.equals(format)) {
      throw new IllegalStateException(
          "the embedded store in "
              + store.getFileStore().getFileName()
              + " has layout "
              + format
              + ", which this build cannot read (it reads "
              + CURRENT
              + ")");
    }
    return store;
  }
}
