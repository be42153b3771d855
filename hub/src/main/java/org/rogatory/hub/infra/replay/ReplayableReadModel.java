package org.rogatory.hub.infra.replay;

import com.mongodb.client.MongoDatabase;
import java.util.List;

/**
 * A read model the hub can rebuild from its event history: the processing group that keeps it live,
 * the collections it writes, and a fresh projection of it writing into another database. Each
 * feature registers its projections as beans of this type, so that {@link ReadModelReplay} reaches
 * them without naming a feature's internals.
 */
public interface ReplayableReadModel {
  /** The tracking processor that keeps the live read model (its token shows how far it is). */
  String processingGroup();

  /** The collections the projection writes, by name. */
  List<String> collections();

  /** A new projection instance that writes into {@code database}; its handlers are annotated. */
  Object projectionInto(MongoDatabase database);

  /** A read model of {@code projection}, built by {@code factory}. */
  static ReplayableReadModel of(
      String processingGroup,
      List<String> collections,
      java.util.function.Function<MongoDatabase, Object> factory) {
    return new ReplayableReadModel() {
      @Override
      public String processingGroup() {
        return processingGroup;
      }

      @Override
      public List<String> collections() {
        return collections;
      }

      @Override
      public Object projectionInto(MongoDatabase database) {
        return factory.apply(database);
      }
    };
  }
}
