package org.rogatory.hub.infra.blob;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for new blobs: time-ordered UUIDs (version 7 of RFC 9562: 48 bits of Unix milliseconds, then
 * 74 random bits), written as the usual lower-case string, so that ids made later sort later.
 *
 * <p>Why the order matters: the store's B-trees rewrite every page a commit changed, whole. With
 * random ids each new envelope's document, and its id in the id index, landed in a random page
 * beside older entries, which were rewritten with it; with ids that grow, the commit's new
 * documents go to the right-hand edge of the tree, together (decision 0016). Blob ids stay opaque:
 * ids of either kind are looked up the same way.
 */
final class BlobIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private BlobIds() {}

  static String next() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long randB = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = 0x8000_0000_0000_0000L | randB;
    return new UUID(msb, lsb).toString();
  }
}
