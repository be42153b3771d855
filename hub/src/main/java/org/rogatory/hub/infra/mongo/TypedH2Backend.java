package org.rogatory.hub.infra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with Rogatory's storage types ({@link BsonDataTypes}): each
 * collection's documents and each unique index's keys are stored as BSON rather than with Java
 * serialization.
 *
 * <p>The H2 database opens its maps by name with H2's default types; an MVStore hands back a map
 * that is already open whatever types the later caller asks for, so this backend opens each map
 * first, with the BSON types, just before the database asks for it.
 */
class TypedH2Backend extends H2Backend {
  private static final String DATA_PREFIX = "databases.";
  private static final String INDEX_INFIX = "._index_";

  TypedH2Backend(MVStore store) {
    super(StoreFormat.checked(store));
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new TypedDatabase(databaseName);
  }

  private void openDataMap(String namespace) {
    getMvStore()
        .openMap(
            DATA_PREFIX + namespace,
            new MVMap.Builder<Object, Document>()
                .keyType(BsonDataTypes.ValueType.INSTANCE)
                .valueType(BsonDataTypes.DocumentType.INSTANCE));
  }

  private void openIndexMap(String namespace, String indexName) {
    getMvStore()
        .openMap(
            namespace + INDEX_INFIX + indexName,
            new MVMap.Builder<KeyValue, Object>()
                .keyType(BsonDataTypes.KeyValueType.INSTANCE)
                .valueType(BsonDataTypes.ValueType.INSTANCE));
  }

  /** An inner class, so that it reaches the store while its superclass constructor runs. */
  private final class TypedDatabase extends H2Database {
    TypedDatabase(String name) {
      super(name, getMvStore(), getCursorRegistry());
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      openDataMap(getFullCollectionNamespace(collectionName));
      return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      openIndexMap(getFullCollectionNamespace(collectionName), indexName);
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
  }
}
