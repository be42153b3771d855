package org.rogatory.hub.infra.mongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone mode of the embedded store: the wire-protocol server alone, on a port, so that several
 * hub processes can share it through {@code MONGODB_URI} exactly as they would share a replica set.
 * Arguments: data directory, host, port.
 */
public final class EmbeddedMongoServerMain {
  private EmbeddedMongoServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EmbeddedMongoServerMain DATA_DIR HOST PORT");
      System.exit(2);
    }
    EmbeddedMongo mongo = EmbeddedMongo.start(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  mongo.close();
                  stopped.countDown();
                }));
    System.out.println("rogatory embedded store listening on " + mongo.connectionString());
    stopped.await();
  }
}
